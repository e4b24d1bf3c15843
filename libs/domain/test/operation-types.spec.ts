import {
  CustomerAccountCommand,
  CustomerAccountEvent,
  decide,
  fold,
  recordEvents,
  storedOperationTypes,
  StoredEvent,
  upcastEvent,
} from '../src';
import { customerRegistered, PARTNER_ID, permissionCommand, registerCustomer, setPermissions } from './builders';
import schemaOneStream from './fixtures/schema-1-stream.json';

const granted = (resource: 'AzureReservedInstances' | 'AzureSavingsPlan'): CustomerAccountEvent => ({
  type: 'PurchasePermissionGranted',
  data: { resource, action: 'Purchase' },
});

/** given these events, when this command, then its events are recorded under this operation type. */
function operationTypeOf(history: CustomerAccountEvent[], command: CustomerAccountCommand): string[] {
  const state = fold(history);
  return recordEvents(decide(command, state), command, PARTNER_ID, state, () => 'e').map((event) => event.operationType);
}

describe("operation types, as Partner Center's activity log names them", () => {
  it('given no account, when it is registered, then the operation is add_customer', () => {
    expect(operationTypeOf([], registerCustomer())).toEqual(['add_customer']);
  });

  it('given no permission held, when one is granted, then the self-serve policy is created', () => {
    expect(operationTypeOf([customerRegistered()], permissionCommand('GrantPurchasePermission'))).toEqual(['create_self_serve_policy']);
  });

  it('given a permission held, when a second is granted, then the policy is updated', () => {
    const history = [customerRegistered(), granted('AzureReservedInstances')];
    expect(operationTypeOf(history, permissionCommand('GrantPurchasePermission', 'AzureSavingsPlan'))).toEqual([
      'update_self_serve_policy',
    ]);
  });

  it('given two permissions held, when one is revoked, then the policy is updated', () => {
    const history = [customerRegistered(), granted('AzureReservedInstances'), granted('AzureSavingsPlan')];
    expect(operationTypeOf(history, permissionCommand('RevokePurchasePermission', 'AzureSavingsPlan'))).toEqual([
      'update_self_serve_policy',
    ]);
  });

  it('given one permission held, when it is revoked, then the policy is deleted', () => {
    const history = [customerRegistered(), granted('AzureSavingsPlan')];
    expect(operationTypeOf(history, permissionCommand('RevokePurchasePermission', 'AzureSavingsPlan'))).toEqual([
      'delete_self_serve_policy',
    ]);
  });

  it('given no permission held, when a policy of two is set, then both events name one creation', () => {
    expect(operationTypeOf([customerRegistered()], setPermissions(['AzureReservedInstances', 'AzureSavingsPlan']))).toEqual([
      'create_self_serve_policy',
      'create_self_serve_policy',
    ]);
  });

  it('given one held, when the policy is set to the other, then both events name one update', () => {
    const history = [customerRegistered(), granted('AzureReservedInstances')];
    expect(operationTypeOf(history, setPermissions(['AzureSavingsPlan']))).toEqual([
      'update_self_serve_policy',
      'update_self_serve_policy',
    ]);
  });

  it('given a registration stored as create_customer by an older writer, when read, then it is add_customer', () => {
    const [registration, , grant] = (schemaOneStream as unknown as StoredEvent[]).map(upcastEvent);
    expect(registration.operationType).toBe('add_customer');
    expect(grant.operationType).toBe('create_self_serve_policy');
  });

  it('finds events stored under a legacy name when filtered by the current one', () => {
    expect(storedOperationTypes('add_customer')).toEqual(['add_customer', 'create_customer']);
    expect(storedOperationTypes('update_self_serve_policy')).toEqual(['update_self_serve_policy']);
  });
});
