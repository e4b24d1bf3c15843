import { ApiSchema } from '@nestjs/swagger';
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsUUID, ValidateNested } from 'class-validator';
import { BillingProfileDto } from '../../validation/dto/billing-profile.dto';
import { CompanyProfileDto } from '../../validation/dto/company-profile.dto';

/** The Kafka payload: the customer id travels in the envelope. */
export class RegisterCustomerPayloadDto {
  @IsDefined() @IsObject() @ValidateNested() @Type(() => CompanyProfileDto) companyProfile: CompanyProfileDto;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => BillingProfileDto) billingProfile: BillingProfileDto;
}

/** The HTTP body: POST /customers names the new customer in the body. */
@ApiSchema({ name: 'RegisterCustomerRequest' })
export class RegisterCustomerRequestDto extends RegisterCustomerPayloadDto {
  @IsUUID('all', { message: 'must be a GUID' }) customerId: string;
}
