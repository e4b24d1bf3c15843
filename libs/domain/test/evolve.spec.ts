import { authorizeAudit, authorizeRead, DomainError, ErrorCodes, evolve, fold, initialState } from '../src';
import { CUSTOMER_ID, OTHER_PARTNER_ID, PARTNER_ID, aBillingProfile, anActor, customerRegistered } from './builders';

describe('evolve', () => {
  it('starts absent at version 0', () => {
    expect(fold([])).toEqual(initialState());
    expect(initialState()).toEqual({ status: 'absent', version: 0 });
  });

  it('folds a stream into the current account, counting versions', () => {
    const state = fold([
      customerRegistered(),
      {
        type: 'BillingProfileUpdated',
        data: {
          changes: [
            { field: 'defaultAddress.city', oldValue: 'Redmond', newValue: 'Seattle' },
            { field: 'defaultAddress.state', oldValue: 'WA' },
          ],
        },
      },
      { type: 'CompanyProfileUpdated', data: { changes: [{ field: 'companyName', oldValue: 'Contoso', newValue: 'Contoso Ltd' }] } },
      { type: 'PurchasePermissionGranted', data: { resource: 'AzureSavingsPlan', action: 'Purchase' } },
      { type: 'PurchasePermissionGranted', data: { resource: 'AzureReservedInstances', action: 'Purchase' } },
      { type: 'PurchasePermissionRevoked', data: { resource: 'AzureSavingsPlan', action: 'Purchase' } },
    ]);
    const expectedBilling = aBillingProfile({ defaultAddress: { city: 'Seattle', state: null } });
    expect(state).toEqual({
      status: 'registered',
      customerId: CUSTOMER_ID,
      partnerId: PARTNER_ID,
      companyProfile: { tenantId: CUSTOMER_ID, domain: 'contoso.onmicrosoft.com', companyName: 'Contoso Ltd' },
      billingProfile: expectedBilling,
      purchasePermissions: [{ resource: 'AzureReservedInstances', action: 'Purchase' }],
      version: 6,
      // Each resource's ETag: the version of the last event that changed it.
      resourceVersions: { billingProfile: 2, companyProfile: 3, purchasePermissions: 6 },
    });
  });

  it('leaves the state it evolves from as it was: states share what did not change', () => {
    const registered = fold([customerRegistered()]);
    const before = structuredClone(registered);
    const changed = evolve(registered, {
      type: 'BillingProfileUpdated',
      data: {
        changes: [
          { field: 'defaultAddress.city', oldValue: 'Redmond', newValue: 'Seattle' },
          { field: 'email', oldValue: 'alex@contoso.com' },
        ],
      },
    });
    const forgotten = evolve(changed, {
      type: 'CustomerPersonalDataForgotten',
      data: { fields: ['billingProfile.defaultAddress.addressLine1'] },
    });
    expect(registered).toEqual(before);
    expect(changed.status === 'registered' && changed.billingProfile.defaultAddress).toMatchObject({
      city: 'Seattle',
      addressLine1: before.status === 'registered' ? before.billingProfile.defaultAddress.addressLine1 : '',
    });
    expect(changed.status === 'registered' && changed.billingProfile.email).toBeUndefined();
    expect(forgotten.status === 'registered' && forgotten.billingProfile.defaultAddress.addressLine1).toBeUndefined();
    expect(changed.status === 'registered' && changed.billingProfile.defaultAddress.addressLine1).toBeDefined();
  });

  it('keeps permissions sorted whatever the order they were granted in', () => {
    const state = fold([
      customerRegistered(),
      { type: 'PurchasePermissionGranted', data: { resource: 'AzureSavingsPlan', action: 'Purchase' } },
      { type: 'PurchasePermissionGranted', data: { resource: 'AzureReservedInstances', action: 'Purchase' } },
    ]);
    expect(state.status === 'registered' && state.purchasePermissions.map((p) => p.resource)).toEqual([
      'AzureReservedInstances',
      'AzureSavingsPlan',
    ]);
  });

  it('refuses an update to a stream that was never registered', () => {
    expect(() => fold([{ type: 'PurchasePermissionGranted', data: { resource: 'AzureSavingsPlan', action: 'Purchase' } }])).toThrow(
      /never registered/,
    );
  });
});

describe('authorizeRead', () => {
  const account = { partnerId: PARTNER_ID };

  it.each(['AdminAgent', 'SalesAgent', 'HelpdeskAgent', 'GlobalAdmin', 'Auditor'] as const)('lets a %s read', (role) => {
    expect(() => authorizeRead(anActor({ roles: [role] }), account)).not.toThrow();
  });

  it('keeps billing admins out', () => {
    expect(() => authorizeRead(anActor({ roles: ['BillingAdmin'] }), account)).toThrow(
      expect.objectContaining({ code: ErrorCodes.RoleNotAllowed }),
    );
  });

  it("keeps other partners out of a customer's account", () => {
    expect(() => authorizeRead(anActor({ partnerId: OTHER_PARTNER_ID }), account)).toThrow(DomainError);
    expect(() => authorizeRead(anActor({ partnerId: OTHER_PARTNER_ID }), account)).toThrow(
      expect.objectContaining({ code: ErrorCodes.CustomerOfAnotherPartner }),
    );
  });
});

describe('authorizeAudit', () => {
  const account = { partnerId: PARTNER_ID };

  it.each(['Auditor', 'GlobalAdmin'] as const)('lets a %s read the audit trail of its own customers', (role) => {
    expect(() => authorizeAudit(anActor({ roles: [role] }), account)).not.toThrow();
  });

  it.each(['AdminAgent', 'SalesAgent', 'HelpdeskAgent', 'BillingAdmin'] as const)('keeps a %s out', (role) => {
    expect(() => authorizeAudit(anActor({ roles: [role] }))).toThrow(expect.objectContaining({ code: ErrorCodes.RoleNotAllowed }));
  });

  it("keeps an auditor of another partner out of a customer's trail", () => {
    expect(() => authorizeAudit(anActor({ roles: ['Auditor'], partnerId: OTHER_PARTNER_ID }), account)).toThrow(
      expect.objectContaining({ code: ErrorCodes.CustomerOfAnotherPartner }),
    );
  });
});
