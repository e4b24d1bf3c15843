import { CustomerAccountEvent, ErrorCodes } from '../src';
import { OTHER_PARTNER_ID, actingAs, anActor, customerRegistered, permissionCommand, setPermissions } from './builders';
import { given } from './given-when-then';

const granted = (resource: 'AzureReservedInstances' | 'AzureSavingsPlan' = 'AzureReservedInstances'): CustomerAccountEvent => ({
  type: 'PurchasePermissionGranted',
  data: { resource, action: 'Purchase' },
});
const revoked: CustomerAccountEvent = {
  type: 'PurchasePermissionRevoked',
  data: { resource: 'AzureReservedInstances', action: 'Purchase' },
};

describe('GrantPurchasePermission', () => {
  it('grants a permission that is off', () => {
    given(customerRegistered()).when(permissionCommand('GrantPurchasePermission')).then([granted()]);
  });

  it('accepts granting what is granted, and records nothing', () => {
    given(customerRegistered(), granted()).when(permissionCommand('GrantPurchasePermission')).then([]);
  });

  it('grants each resource on its own', () => {
    given(customerRegistered(), granted())
      .when(permissionCommand('GrantPurchasePermission', 'AzureSavingsPlan'))
      .then([granted('AzureSavingsPlan')]);
  });

  it('grants again after a revoke', () => {
    given(customerRegistered(), granted(), revoked).when(permissionCommand('GrantPurchasePermission')).then([granted()]);
  });

  it.each(['SalesAgent', 'HelpdeskAgent', 'BillingAdmin', 'Auditor'] as const)('is refused to a %s', (role) => {
    given(customerRegistered())
      .when(permissionCommand('GrantPurchasePermission', 'AzureReservedInstances', actingAs(role)))
      .thenFails({ kind: 'forbidden', code: ErrorCodes.RoleNotAllowed });
  });

  it('is allowed to a global admin', () => {
    given(customerRegistered())
      .when(permissionCommand('GrantPurchasePermission', 'AzureReservedInstances', actingAs('GlobalAdmin')))
      .then([granted()]);
  });

  it('is refused for a customer that does not exist', () => {
    given().when(permissionCommand('GrantPurchasePermission')).thenFails({ kind: 'not-found', code: ErrorCodes.CustomerNotFound });
  });

  it("is refused for another partner's customer", () => {
    given(customerRegistered())
      .when(permissionCommand('GrantPurchasePermission', 'AzureReservedInstances', { actor: anActor({ partnerId: OTHER_PARTNER_ID }) }))
      .thenFails({ kind: 'forbidden', code: ErrorCodes.CustomerOfAnotherPartner });
  });

  it('is refused as stale when the expected version is behind', () => {
    given(customerRegistered(), granted('AzureSavingsPlan'))
      .when(permissionCommand('GrantPurchasePermission', 'AzureReservedInstances', { expectedVersion: 1 }))
      .thenFails({ kind: 'stale-version', code: ErrorCodes.EtagNoLongerValid });
  });
});

describe('RevokePurchasePermission', () => {
  it('revokes a granted permission', () => {
    given(customerRegistered(), granted()).when(permissionCommand('RevokePurchasePermission')).then([revoked]);
  });

  it('accepts revoking what is off, and records nothing', () => {
    given(customerRegistered()).when(permissionCommand('RevokePurchasePermission')).then([]);
  });

  it.each(['SalesAgent', 'HelpdeskAgent'] as const)('is refused to a %s, who may only read permissions', (role) => {
    given(customerRegistered(), granted())
      .when(permissionCommand('RevokePurchasePermission', 'AzureReservedInstances', actingAs(role)))
      .thenFails({ kind: 'forbidden', code: ErrorCodes.RoleNotAllowed });
  });
});

describe('SetPurchasePermissions (a self-serve policy written whole)', () => {
  it('given none held, when both are set, then both are granted in one decision', () => {
    given(customerRegistered())
      .when(setPermissions(['AzureReservedInstances', 'AzureSavingsPlan']))
      .then([granted(), granted('AzureSavingsPlan')]);
  });

  it('given one held, when only the other is set, then it is granted and the first revoked', () => {
    given(customerRegistered(), granted())
      .when(setPermissions(['AzureSavingsPlan']))
      .then([granted('AzureSavingsPlan'), revoked]);
  });

  it('given one held, when the same list is set, or it twice over, then nothing is recorded', () => {
    given(customerRegistered(), granted())
      .when(setPermissions(['AzureReservedInstances', 'AzureReservedInstances']))
      .then([]);
  });

  it('given one held, when an empty list is set, then it is revoked', () => {
    given(customerRegistered(), granted()).when(setPermissions([])).then([revoked]);
  });

  it('given a sales agent, when it sets a policy, then it is refused as the grant is', () => {
    given(customerRegistered())
      .when(setPermissions(['AzureSavingsPlan'], actingAs('SalesAgent')))
      .thenFails({ kind: 'forbidden', code: ErrorCodes.RoleNotAllowed });
  });

  it("given another partner's customer, when its policy is set, then it is refused", () => {
    given(customerRegistered())
      .when(setPermissions(['AzureSavingsPlan'], { actor: anActor({ partnerId: OTHER_PARTNER_ID }) }))
      .thenFails({ kind: 'forbidden', code: ErrorCodes.CustomerOfAnotherPartner });
  });
});
