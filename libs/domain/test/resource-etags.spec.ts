import { CustomerAccountCommand, CustomerAccountEvent, CustomerAccountState, ErrorCodes, evolve, fold } from '../src';
import { aBillingProfile, customerRegistered, metadata, permissionCommand, CUSTOMER_ID } from './builders';
import { given } from './given-when-then';

const granted: CustomerAccountEvent = { type: 'PurchasePermissionGranted', data: { resource: 'AzureSavingsPlan', action: 'Purchase' } };
const renamed: CustomerAccountEvent = {
  type: 'CompanyProfileUpdated',
  data: { changes: [{ field: 'companyName', oldValue: 'Contoso', newValue: 'Contoso Ltd' }] },
};
const billingUpdated: CustomerAccountEvent = {
  type: 'BillingProfileUpdated',
  data: { changes: [{ field: 'email', oldValue: 'alex@contoso.com', newValue: 'billing@contoso.com' }] },
};
/** A read-modify-write of the billing profile, with If-Match of the ETag it was read with. */
const replaceBillingAsOf = (version: number): CustomerAccountCommand => ({
  type: 'UpdateCustomerDetails',
  data: { customerId: CUSTOMER_ID, billingProfile: { replace: aBillingProfile({ email: 'ap@contoso.com' }) } },
  metadata: metadata({ expectedResourceVersion: { resource: 'billingProfile', version } }),
});

describe('one ETag per resource', () => {
  it('given a permission granted and the company renamed since the billing profile was read, when it is written back, then it is accepted', () => {
    given(customerRegistered(), granted, renamed)
      .when(replaceBillingAsOf(1))
      .then([
        {
          type: 'BillingProfileUpdated',
          data: { changes: [{ field: 'email', oldValue: 'alex@contoso.com', newValue: 'ap@contoso.com' }] },
        },
      ]);
  });

  it('given the billing profile changed since it was read, when it is written back, then it is stale', () => {
    given(customerRegistered(), billingUpdated, granted)
      .when(replaceBillingAsOf(1))
      .thenFails({ kind: 'stale-version', code: ErrorCodes.EtagNoLongerValid });
  });

  it('given an ETag from the future, then it is stale: nobody could have read that version', () => {
    given(customerRegistered(), granted)
      .when(replaceBillingAsOf(7))
      .thenFails({ kind: 'stale-version', code: ErrorCodes.EtagNoLongerValid });
  });

  it('given the account ETag of any version since the resource last changed, then it is as good as the resource ETag', () => {
    given(customerRegistered(), billingUpdated, granted, renamed)
      .when(replaceBillingAsOf(3))
      .then([expect.anything() as never]);
  });

  it('given a permission changed since the permissions were read, when another is granted as of then, then it is stale', () => {
    const grantAsOf = (version: number) =>
      permissionCommand('GrantPurchasePermission', 'AzureReservedInstances', {
        expectedResourceVersion: { resource: 'purchasePermissions', version },
      });
    given(customerRegistered(), billingUpdated, granted).when(grantAsOf(2)).thenFails({ kind: 'stale-version' });
    given(customerRegistered(), granted, billingUpdated)
      .when(grantAsOf(2))
      .then([expect.anything() as never]);
  });

  it('given an account read back from a document older than resource versions, when an event applies, then the others count from the account version', () => {
    const { resourceVersions: _none, ...older } = fold([customerRegistered(), granted, renamed]) as Extract<
      CustomerAccountState,
      { status: 'registered' }
    >;
    const next = evolve(older as CustomerAccountState, billingUpdated);
    expect(next).toMatchObject({ version: 4, resourceVersions: { billingProfile: 4, companyProfile: 3, purchasePermissions: 3 } });
  });
});
