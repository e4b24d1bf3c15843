import { ApiSchema } from '@nestjs/swagger';
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { OptionalField } from '../../validation/dto/optional-field';
import { BillingProfilePatchDto } from '../../validation/dto/billing-profile.dto';
import { CompanyProfilePatchDto } from '../../validation/dto/company-profile.dto';

/** PATCH /customers/{id} and the Kafka payload: merge patches of either profile or both. */
@ApiSchema({ name: 'UpdateCustomerDetailsRequest' })
export class UpdateCustomerDetailsRequestDto {
  @OptionalField() @IsObject() @ValidateNested() @Type(() => BillingProfilePatchDto) billingProfile?: BillingProfilePatchDto;
  @OptionalField() @IsObject() @ValidateNested() @Type(() => CompanyProfilePatchDto) companyProfile?: CompanyProfilePatchDto;
}
