import { PURCHASABLE_RESOURCES } from '@app/domain';
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsIn, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { PurchasePermissionEntryDto } from '../commands/set-purchase-permissions/set-purchase-permissions.payload.dto';
import { BillingProfileDto } from '../validation/dto/billing-profile.dto';

@ApiSchema({ name: 'PartnerCenterResourceAttributes' })
export class ResourceAttributesDto {
  @ApiPropertyOptional({
    example: '*',
    description: 'The ETag of the resource as served ("3"), or *; taken as If-Match when that header is absent',
  })
  @IsOptional()
  @IsString()
  etag?: string;
  @ApiPropertyOptional({ example: 'CustomerBillingProfile' }) @IsOptional() @IsString() objectType?: string;
}

/**
 * A billing profile as Partner Center serves it, sent back whole on a PUT: the fields of our
 * billing profile, with the resource's `id`, `links` and `attributes`, which a PUT may carry.
 */
@ApiSchema({ name: 'PartnerCenterBillingProfile' })
export class PartnerCenterBillingProfileDto extends BillingProfileDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The customer id; a PUT naming another customer is refused' })
  @IsOptional()
  @IsString()
  id?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Served links; ignored on a PUT' })
  @IsOptional()
  @IsObject()
  links?: Record<string, unknown>;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ResourceAttributesDto) attributes?: ResourceAttributesDto;
}

@ApiSchema({ name: 'PartnerCenterCompanyProfile' })
export class PartnerCenterCompanyProfileDto {
  @ApiProperty({ format: 'uuid' }) tenantId: string;
  domain: string;
  companyName: string;
  @ApiPropertyOptional() organizationRegistrationNumber?: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) links: Record<string, unknown>;
  attributes: ResourceAttributesDto;
}

@ApiSchema({ name: 'PartnerCenterError', description: "Partner Center's error body, on every /v1 route" })
export class PartnerCenterErrorDto {
  code: number;
  @ApiProperty({ maxLength: 1024 }) description: string;
  @ApiProperty({ description: 'One line per field error: the field and the reason, never the value' }) data: string[];
  source: string;
}

@ApiSchema({ name: 'CountryValidationRules', description: "A country's rules as Partner Center's country validation rules name them" })
export class CountryValidationRulesDto {
  iso2Code: string;
  defaultCulture: string;
  isStateRequired: boolean;
  supportedStatesList: string[];
  supportedLanguagesList: string[];
  supportedCulturesList: string[];
  isPostalCodeRequired: boolean;
  @ApiPropertyOptional() postalCodeRegex?: string;
  isCityRequired: boolean;
  countryCallingCodesList: string[];
  @ApiProperty({ description: 'Ours, from other Partner Center pages' }) isPhoneNumberRequired: boolean;
  @ApiProperty({ description: 'Ours, from other Partner Center pages' }) isOrganizationRegistrationNumberRequired: boolean;
  attributes: ResourceAttributesDto;
}

@ApiSchema({ name: 'SelfServeEntity' })
export class SelfServeEntityDto {
  @ApiProperty({ enum: ['customer'] }) @IsIn(['customer']) selfServeEntityType: string;
  @ApiProperty({ format: 'uuid', description: 'The customer' }) @IsString() tenantID: string;
}

@ApiSchema({ name: 'Grantor' })
export class GrantorDto {
  @ApiProperty({ enum: ['billToPartner'] }) @IsIn(['billToPartner']) grantorType: string;
  @ApiProperty({ format: 'uuid', description: "The caller's partner, whose customer it is" }) @IsString() tenantID: string;
}

@ApiSchema({ name: 'SelfServePermission' })
export class SelfServePermissionDto {
  @ApiProperty({ enum: ['Purchase'] }) action: string;
  @ApiProperty({ enum: PURCHASABLE_RESOURCES }) resource: string;
}

@ApiSchema({ name: 'SelfServePolicy', description: "A customer's purchase permissions as Partner Center's self-serve policy" })
export class SelfServePolicyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  selfServeEntity: SelfServeEntityDto;
  grantor: GrantorDto;
  permissions: SelfServePermissionDto[];
  attributes: ResourceAttributesDto;
}

/** A self-serve policy as sent to create or replace one: the whole list of permissions the customer is to hold. */
@ApiSchema({ name: 'SelfServePolicyRequest' })
export class SelfServePolicyRequestDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The policy id as served: the customer id' }) @IsOptional() @IsString() id?: string;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => SelfServeEntityDto) selfServeEntity: SelfServeEntityDto;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => GrantorDto) grantor: GrantorDto;
  @IsArray()
  @ArrayMaxSize(16)
  @ValidateNested({ each: true })
  @Type(() => PurchasePermissionEntryDto)
  permissions: PurchasePermissionEntryDto[];
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Served links; ignored' })
  @IsOptional()
  @IsObject()
  links?: Record<string, unknown>;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ResourceAttributesDto) attributes?: ResourceAttributesDto;
}

@ApiSchema({ name: 'SelfServePolicyCollection' })
export class SelfServePolicyCollectionDto {
  totalCount: number;
  items: SelfServePolicyDto[];
  attributes: ResourceAttributesDto;
}

@ApiSchema({ name: 'AuditRecordData' })
export class AuditRecordDataDto {
  key: string;
  value: string;
}

@ApiSchema({ name: 'AuditRecord', description: "One change or rejection as Partner Center's audit record" })
export class AuditRecordDto {
  @ApiProperty({ description: 'The event id of a change, the command id of a rejection' }) id: string;
  @ApiPropertyOptional({ description: "The customer's current company name, for the partner's own customers" }) customerName?: string;
  partnerId: string;
  customerId: string;
  userPrincipalName: string;
  applicationId: string;
  @ApiProperty({ enum: ['Customer', 'SelfServePolicy'] }) resourceType: string;
  operationType: string;
  operationDate: string;
  @ApiProperty({ enum: ['succeeded', 'failed'] }) operationStatus: string;
  @ApiPropertyOptional({ description: 'JSON: the changed fields before; absent for a rejection' }) resourceOldValue?: string;
  @ApiPropertyOptional({ description: 'JSON: the changed fields after; absent for a rejection' }) resourceNewValue?: string;
  customizedData: AuditRecordDataDto[];
  originalCorrelationId: string;
  attributes: ResourceAttributesDto;
}

@ApiSchema({ name: 'AuditRecordCollection' })
export class AuditRecordCollectionDto {
  totalCount: number;
  items: AuditRecordDto[];
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'next: the uri of the following page, when there is one' })
  links: Record<string, unknown>;
  attributes: ResourceAttributesDto;
}
