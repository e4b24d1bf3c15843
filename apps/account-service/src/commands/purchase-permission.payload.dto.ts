import { IsString } from 'class-validator';

/** The Kafka payload of GrantPurchasePermission and RevokePurchasePermission. */
export class PurchasePermissionPayloadDto {
  @IsString() resource: string;
}
