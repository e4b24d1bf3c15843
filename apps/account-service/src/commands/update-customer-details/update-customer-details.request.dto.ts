import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, ValidateNested } from 'class-validator';
import { BillingProfilePatchDto } from '../../validation/dto/billing-profile.dto';
import { CompanyProfilePatchDto } from '../../validation/dto/company-profile.dto';

/** PATCH /customers/{id} and the Kafka payload: merge patches of either profile or both. */
export class UpdateCustomerDetailsRequestDto {
  @IsOptional() @IsObject() @ValidateNested() @Type(() => BillingProfilePatchDto) billingProfile?: BillingProfilePatchDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => CompanyProfilePatchDto) companyProfile?: CompanyProfilePatchDto;
}
