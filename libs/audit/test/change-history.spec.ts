import { changeHistory, HistoryEntry, RejectedCommand, selectHistory, stateAt } from '../src';
import { CUSTOMER_ID, PARTNER_ID, anActor, metadata, permissionCommand, registerCustomer, updateBilling } from '../../domain/test/builders';
import { recordedStream } from './recorded-stream';

const at = (minute: number) => `2026-11-24T10:${String(minute).padStart(2, '0')}:00.000Z`;
const helpdesk = anActor({ userPrincipalName: 'helpdesk@partner.example', applicationId: 'support-desk', roles: ['HelpdeskAgent'] });
const events = recordedStream(
  registerCustomer(undefined, metadata({ commandId: 'c-1', receivedAt: at(0) })),
  updateBilling(
    { email: 'billing@contoso.com', defaultAddress: { city: 'Seattle', postalCode: '98101' } },
    metadata({ commandId: 'c-2', correlationId: 'k-2', receivedAt: at(10), actor: helpdesk }),
  ),
  permissionCommand('GrantPurchasePermission', 'AzureReservedInstances', metadata({ commandId: 'c-3', receivedAt: at(20) })),
  permissionCommand('RevokePurchasePermission', 'AzureReservedInstances', metadata({ commandId: 'c-5', receivedAt: at(40) })),
);
const rejected: RejectedCommand = {
  commandId: 'c-4',
  customerId: CUSTOMER_ID,
  commandType: 'GrantPurchasePermission',
  recordedAt: new Date(at(30)),
  actor: { userPrincipalName: helpdesk.userPrincipalName, applicationId: helpdesk.applicationId, partnerId: PARTNER_ID },
  correlationId: 'k-4',
  rejection: { status: 403, code: 900150, detail: 'GrantPurchasePermission needs one of the roles AdminAgent, GlobalAdmin', errors: [] },
};
const history = changeHistory(events, [rejected]);

describe('A customer history', () => {
  it('lists every change and every rejected command in order, with who, when, why and what', () => {
    expect(history.map((entry) => [entry.occurredAt, entry.outcome, entry.type, entry.version])).toEqual([
      [at(0), 'accepted', 'CustomerRegistered', 1],
      [at(10), 'accepted', 'BillingProfileUpdated', 2],
      [at(20), 'accepted', 'PurchasePermissionGranted', 3],
      [at(30), 'rejected', 'GrantPurchasePermission', undefined],
      [at(40), 'accepted', 'PurchasePermissionRevoked', 4],
    ]);
    expect(history[1]).toMatchObject({
      actor: { userPrincipalName: 'helpdesk@partner.example', applicationId: 'support-desk', partnerId: PARTNER_ID },
      commandId: 'c-2',
      correlationId: 'k-2',
      operationType: 'update_customer_billing_profile',
      changes: [
        { field: 'billingProfile.defaultAddress.city', oldValue: 'Redmond', newValue: 'Seattle' },
        { field: 'billingProfile.defaultAddress.postalCode', oldValue: '98052', newValue: '98101' },
        { field: 'billingProfile.email', oldValue: 'alex@contoso.com', newValue: 'billing@contoso.com' },
      ],
    });
    expect(history[3]).toMatchObject({ rejection: { status: 403, code: 900150 }, changes: [] });
  });

  it('shows a registration as every field set, and permissions as set and cleared', () => {
    expect(history[0].changes).toContainEqual({ field: 'companyProfile.companyName', newValue: 'Contoso' });
    expect(history[0].changes.every((change) => change.oldValue === undefined)).toBe(true);
    expect(history[2].changes).toEqual([{ field: 'purchasePermissions.AzureReservedInstances', newValue: 'Purchase' }]);
    expect(history[4].changes).toEqual([{ field: 'purchasePermissions.AzureReservedInstances', oldValue: 'Purchase' }]);
  });
});

describe('Selecting from a history', () => {
  const select = (filter: Parameters<typeof selectHistory>[1], limit = 100, token?: string) => selectHistory(history, filter, limit, token);
  const types = (entries: HistoryEntry[]) => entries.map((entry) => entry.type);

  it('by time range, the start included and the end not', () => {
    expect(types(select({ from: at(10), to: at(30) }).entries)).toEqual(['BillingProfileUpdated', 'PurchasePermissionGranted']);
  });

  it('by field, keeping only the changes of that field or below it', () => {
    const { entries } = select({ field: 'billingProfile.email' });
    expect(types(entries)).toEqual(['CustomerRegistered', 'BillingProfileUpdated']);
    expect(entries[1].changes).toEqual([{ field: 'billingProfile.email', oldValue: 'alex@contoso.com', newValue: 'billing@contoso.com' }]);
    expect(select({ field: 'billingProfile.defaultAddress' }).entries[1].changes).toHaveLength(2);
    expect(select({ field: 'billingProfile.e' }).total).toBe(0); // a path prefix, not a string prefix
  });

  it('by actor, user or application, in any case', () => {
    expect(types(select({ actor: 'HELPDESK@partner.example' }).entries)).toEqual(['BillingProfileUpdated', 'GrantPurchasePermission']);
    expect(select({ actor: 'support-desk' }).total).toBe(2);
    expect(select({ actor: 'helpdesk@partner.example', outcome: 'rejected' }).entries.map((entry) => entry.commandId)).toEqual(['c-4']);
  });

  it('in pages that together hold every entry once', () => {
    const first = select({}, 2);
    const second = select({}, 2, first.nextPageToken);
    const third = select({}, 2, second.nextPageToken);
    expect([first, second, third].map((page) => page.entries.length)).toEqual([2, 2, 1]);
    expect(third.nextPageToken).toBeUndefined();
    expect([...first.entries, ...second.entries, ...third.entries]).toEqual(history);
    expect(first.total).toBe(5);
  });

  it('refuses a page token it did not give out', () => {
    expect(() => select({}, 2, 'bm9wZQ')).toThrow(/not one this service gave out/);
  });
});

describe('The state at a moment', () => {
  it('is the fold of the events up to that time, or up to that version', () => {
    expect(stateAt(events, { at: at(15) })).toMatchObject({
      asOf: { version: 2, occurredAt: at(10) },
      state: { billingProfile: { email: 'billing@contoso.com' }, purchasePermissions: [] },
    });
    expect(stateAt(events, { at: at(25) }).state).toMatchObject({
      purchasePermissions: [{ resource: 'AzureReservedInstances', action: 'Purchase' }],
    });
    expect(stateAt(events, { version: 1 }).state).toMatchObject({ version: 1, billingProfile: { email: 'alex@contoso.com' } });
  });

  it('is no account before the customer was registered', () => {
    expect(stateAt(events, { at: '2026-11-24T09:00:00.000Z' })).toEqual({ state: { status: 'absent', version: 0 }, asOf: null });
  });
});
