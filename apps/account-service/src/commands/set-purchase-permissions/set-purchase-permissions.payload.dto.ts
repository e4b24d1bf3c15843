import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsString, ValidateNested } from 'class-validator';

@ApiSchema({ name: 'PurchasePermissionEntry' })
export class PurchasePermissionEntryDto {
  @ApiProperty({ example: 'Purchase' }) @IsString() action: string;
  @ApiProperty({ example: 'AzureReservedInstances' }) @IsString() resource: string;
}

/** The Kafka payload of SetPurchasePermissions, and the permissions of a self-serve policy. */
@ApiSchema({ name: 'SetPurchasePermissionsPayload' })
export class SetPurchasePermissionsPayloadDto {
  // Two resources exist; a longer list is a mistake or an attack, refused before it is read further.
  @IsArray()
  @ArrayMaxSize(16)
  @ValidateNested({ each: true })
  @Type(() => PurchasePermissionEntryDto)
  permissions: PurchasePermissionEntryDto[];
}
