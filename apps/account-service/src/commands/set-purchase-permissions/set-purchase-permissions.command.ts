import { CommandMetadata, DomainError, isPurchasableResource, PURCHASABLE_RESOURCES, SetPurchasePermissions } from '@app/domain';

/** The whole list of permissions a customer is to hold; each one checked before anything is decided. */
export function setPurchasePermissions(
  customerId: string,
  permissions: ReadonlyArray<{ resource: string; action: string }>,
  metadata: CommandMetadata,
): SetPurchasePermissions {
  const checked = permissions.map(({ resource, action }, index) => {
    if (!isPurchasableResource(resource)) {
      throw DomainError.invalidField(`permissions[${index}].resource`, `must be one of ${PURCHASABLE_RESOURCES.join(', ')}`);
    }
    if (action !== 'Purchase') throw DomainError.invalidField(`permissions[${index}].action`, 'must be Purchase');
    return { resource, action } as const;
  });
  return { type: 'SetPurchasePermissions', data: { customerId, permissions: checked }, metadata };
}
