export const PURCHASABLE_RESOURCES = ['AzureReservedInstances', 'AzureSavingsPlan'] as const;
export type PurchasableResource = (typeof PURCHASABLE_RESOURCES)[number];

export const PURCHASE_ACTIONS = ['Purchase'] as const;
export type PurchaseAction = (typeof PURCHASE_ACTIONS)[number];

export interface PurchasePermission {
  resource: PurchasableResource;
  action: PurchaseAction;
}

export function isPurchasableResource(value: unknown): value is PurchasableResource {
  return (PURCHASABLE_RESOURCES as readonly unknown[]).includes(value);
}
