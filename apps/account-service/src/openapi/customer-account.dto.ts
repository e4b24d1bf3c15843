import { PURCHASABLE_RESOURCES } from '@app/domain';
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'PurchasePermission' })
export class PurchasePermissionDto {
  @ApiProperty({ enum: PURCHASABLE_RESOURCES }) resource: string;
  @ApiProperty({ enum: ['Purchase'] }) action: 'Purchase';
}

@ApiSchema({ name: 'ResourceVersions' })
export class ResourceVersionsDto {
  billingProfile: number;
  companyProfile: number;
  purchasePermissions: number;
}

/** An account as the read model holds it; the ETag is its version. */
@ApiSchema({ name: 'CustomerAccount' })
export class CustomerAccountDto {
  @ApiProperty({ format: 'uuid' }) customerId: string;
  @ApiProperty({ format: 'uuid' }) partnerId: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) companyProfile: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Personal fields are absent once erased' })
  billingProfile: Record<string, unknown>;
  purchasePermissions: PurchasePermissionDto[];
  version: number;
  resourceVersions: ResourceVersionsDto;
  @ApiPropertyOptional() erasedFields?: string[];
  @ApiPropertyOptional({ enum: [true], description: 'On legal hold: the personal data cannot be forgotten until the hold is released' })
  legalHold?: true;
}
