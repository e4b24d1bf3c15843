import { PurchasePermission } from '../account/purchase-permission';
import { CustomerAccountEvent, CustomerAccountEventType } from './customer-account-event';

/**
 * Partner Center's activity-log name of each event (ours where it has none). Purchase
 * permissions are one self-serve policy per customer there: the grant that starts it
 * creates it, the revoke that empties it deletes it, and every other grant or revoke
 * updates it, so those names depend on the permissions held before.
 */
const FIXED_OPERATION_TYPES: Record<
  Exclude<CustomerAccountEventType, 'PurchasePermissionGranted' | 'PurchasePermissionRevoked'>,
  string
> = {
  CustomerRegistered: 'add_customer',
  BillingProfileUpdated: 'update_customer_billing_profile',
  CompanyProfileUpdated: 'update_customer_company_profile',
  CustomerPersonalDataForgotten: 'forget_customer_personal_data',
  LegalHoldPlaced: 'place_legal_hold',
  LegalHoldReleased: 'release_legal_hold',
};

const SELF_SERVE_POLICY_OPERATIONS = ['create_self_serve_policy', 'update_self_serve_policy', 'delete_self_serve_policy'] as const;

/** Names that writers of schema version 2 and older recorded, and the name they mean today. */
export const LEGACY_OPERATION_TYPES: Readonly<Record<string, string>> = { create_customer: 'add_customer' };

/** Every operation type an event may carry today. */
export const OPERATION_TYPES: readonly string[] = [...Object.values(FIXED_OPERATION_TYPES), ...SELF_SERVE_POLICY_OPERATIONS];

/** Where in its stream a decision was made: its version, and the permissions held then. */
export interface DecidedOn {
  version: number;
  purchasePermissions?: readonly PurchasePermission[];
}

/** The operation type of each event, in order, from the permissions held before the first. */
export function operationTypesOf(events: readonly CustomerAccountEvent[], decidedOn: DecidedOn): string[] {
  // One decision writes the policy once: its grants and revokes are named by what was held before it and after it.
  const held = new Set((decidedOn.purchasePermissions ?? []).map(permissionKey));
  const before = held.size;
  for (const event of events) {
    if (event.type === 'PurchasePermissionGranted') held.add(permissionKey(event.data));
    if (event.type === 'PurchasePermissionRevoked') held.delete(permissionKey(event.data));
  }
  const policyOperation =
    before === 0 ? 'create_self_serve_policy' : held.size === 0 ? 'delete_self_serve_policy' : 'update_self_serve_policy';
  return events.map((event) =>
    event.type === 'PurchasePermissionGranted' || event.type === 'PurchasePermissionRevoked'
      ? policyOperation
      : FIXED_OPERATION_TYPES[event.type],
  );
}

const permissionKey = (permission: PurchasePermission) => `${permission.resource}/${permission.action}`;

/** The names stored events may carry for an operation type: a filter must match them all. */
export function storedOperationTypes(operationType: string): string[] {
  return [operationType, ...Object.keys(LEGACY_OPERATION_TYPES).filter((legacy) => LEGACY_OPERATION_TYPES[legacy] === operationType)];
}
