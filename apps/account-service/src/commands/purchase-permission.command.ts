import {
  CommandMetadata,
  DomainError,
  GrantPurchasePermission,
  isPurchasableResource,
  PURCHASABLE_RESOURCES,
  RevokePurchasePermission,
} from '@app/domain';

/** Grant and revoke take the same data; only the verb differs. */
export function purchasePermissionCommand<T extends GrantPurchasePermission | RevokePurchasePermission>(
  type: T['type'],
  customerId: string,
  resource: string,
  metadata: CommandMetadata,
): T {
  if (!isPurchasableResource(resource)) {
    throw DomainError.invalidField('resource', `must be one of ${PURCHASABLE_RESOURCES.join(', ')}`);
  }
  return { type, data: { customerId, resource, action: 'Purchase' }, metadata } as T;
}
