import { CustomerAccountCommand, ErrorCodes } from '../src';
import { CUSTOMER_ID, OTHER_PARTNER_ID, aBillingProfile, actingAs, anActor, customerRegistered, metadata, updateBilling } from './builders';
import { given } from './given-when-then';

const updateCompany = (companyProfile: {
  companyName?: string;
  organizationRegistrationNumber?: string | null;
}): CustomerAccountCommand => ({
  type: 'UpdateCustomerDetails',
  data: { customerId: CUSTOMER_ID, companyProfile },
  metadata: metadata(),
});

describe('UpdateCustomerDetails', () => {
  it('refuses removing the whole address, naming it, rather than failing', () => {
    given(customerRegistered())
      .when(updateBilling({ defaultAddress: null }))
      .thenFails({ kind: 'invalid-input', fields: [{ field: 'billingProfile.defaultAddress', reason: /required/ }] });
  });

  it('records exactly the billing fields that changed, with old and new values', () => {
    given(customerRegistered())
      .when(updateBilling({ email: 'billing@contoso.com', defaultAddress: { city: 'Seattle', postalCode: '98101' } }))
      .then([
        {
          type: 'BillingProfileUpdated',
          data: {
            changes: [
              { field: 'defaultAddress.city', oldValue: 'Redmond', newValue: 'Seattle' },
              { field: 'defaultAddress.postalCode', oldValue: '98052', newValue: '98101' },
              { field: 'email', oldValue: 'alex@contoso.com', newValue: 'billing@contoso.com' },
            ],
          },
        },
      ]);
  });

  it('records an added and a removed optional field', () => {
    given(customerRegistered(aBillingProfile({ defaultAddress: { addressLine2: 'Building 92' } })))
      .when(updateBilling({ defaultAddress: { addressLine2: null, phoneNumber: '+1 425 555 0100' } }))
      .then([
        {
          type: 'BillingProfileUpdated',
          data: {
            changes: [
              { field: 'defaultAddress.addressLine2', oldValue: 'Building 92' },
              { field: 'defaultAddress.phoneNumber', newValue: '+1 425 555 0100' },
            ],
          },
        },
      ]);
  });

  it('replaces the whole billing profile: optional fields left out are removed', () => {
    const replacement = aBillingProfile({ lastName: 'Smith' });
    given(customerRegistered(aBillingProfile({ defaultAddress: { region: 'Pacific Northwest' } })))
      .when({
        type: 'UpdateCustomerDetails',
        data: { customerId: CUSTOMER_ID, billingProfile: { replace: replacement } },
        metadata: metadata(),
      })
      .then([
        {
          type: 'BillingProfileUpdated',
          data: {
            changes: [
              { field: 'defaultAddress.region', oldValue: 'Pacific Northwest' },
              { field: 'lastName', oldValue: 'Wilber', newValue: 'Smith' },
            ],
          },
        },
      ]);
  });

  it('accepts a change to nothing and records nothing', () => {
    given(customerRegistered())
      .when(updateBilling({ email: 'alex@contoso.com', culture: 'EN-US' }))
      .then([]);
  });

  it('changes company details', () => {
    given(customerRegistered())
      .when(updateCompany({ companyName: 'Contoso Ltd' }))
      .then([
        { type: 'CompanyProfileUpdated', data: { changes: [{ field: 'companyName', oldValue: 'Contoso', newValue: 'Contoso Ltd' }] } },
      ]);
  });

  it('changes billing and company details together as two events', () => {
    given(customerRegistered())
      .when({
        type: 'UpdateCustomerDetails',
        data: { customerId: CUSTOMER_ID, billingProfile: { merge: { firstName: 'Sam' } }, companyProfile: { companyName: 'Fabrikam' } },
        metadata: metadata(),
      })
      .then([
        { type: 'BillingProfileUpdated', data: { changes: [{ field: 'firstName', oldValue: 'Alex', newValue: 'Sam' }] } },
        { type: 'CompanyProfileUpdated', data: { changes: [{ field: 'companyName', oldValue: 'Contoso', newValue: 'Fabrikam' }] } },
      ]);
  });

  it('judges the account as a whole: moving to Russia needs a registration number and a phone', () => {
    given(customerRegistered())
      .when(updateBilling({ defaultAddress: { country: 'RU', state: null, postalCode: '101000' } }))
      .thenFails({
        kind: 'invalid-input',
        fields: [
          { field: 'companyProfile.organizationRegistrationNumber', reason: 'is required' },
          { field: 'billingProfile.defaultAddress.phoneNumber', code: ErrorCodes.PhoneNumberRequired },
        ],
      });
  });

  it('refuses to remove a required field', () => {
    given(customerRegistered())
      .when(updateBilling({ email: null }))
      .thenFails({
        kind: 'invalid-input',
        code: ErrorCodes.InvalidProperty,
        fields: [{ field: 'billingProfile.email', reason: 'is required' }],
      });
  });

  it('applies when the expected version is the current one', () => {
    given(customerRegistered())
      .when(updateBilling({ firstName: 'Sam' }, { expectedVersion: 1 }))
      .then([{ type: 'BillingProfileUpdated', data: { changes: [{ field: 'firstName', oldValue: 'Alex', newValue: 'Sam' }] } }]);
  });

  it('is refused as stale when the expected version is not the current one', () => {
    given(customerRegistered(), { type: 'CompanyProfileUpdated', data: { changes: [{ field: 'companyName', newValue: 'X' }] } })
      .when(updateBilling({ firstName: 'Sam' }, { expectedVersion: 1 }))
      .thenFails({ kind: 'stale-version', code: ErrorCodes.EtagNoLongerValid });
  });

  it('is refused for a customer that does not exist', () => {
    given()
      .when(updateBilling({ firstName: 'Sam' }))
      .thenFails({ kind: 'not-found', code: ErrorCodes.CustomerNotFound });
  });

  it("is refused for another partner's customer", () => {
    given(customerRegistered())
      .when(updateBilling({ firstName: 'Sam' }, { actor: anActor({ partnerId: OTHER_PARTNER_ID }) }))
      .thenFails({ kind: 'forbidden', code: ErrorCodes.CustomerOfAnotherPartner });
  });

  it.each(['AdminAgent', 'SalesAgent', 'HelpdeskAgent', 'GlobalAdmin'] as const)('is allowed to a %s', (role) => {
    given(customerRegistered())
      .when(updateBilling({ firstName: 'Sam' }, actingAs(role)))
      .then([{ type: 'BillingProfileUpdated', data: { changes: [{ field: 'firstName', oldValue: 'Alex', newValue: 'Sam' }] } }]);
  });

  it.each(['BillingAdmin', 'Auditor'] as const)('is refused to a %s', (role) => {
    given(customerRegistered())
      .when(updateBilling({ firstName: 'Sam' }, actingAs(role)))
      .thenFails({ kind: 'forbidden', code: ErrorCodes.RoleNotAllowed });
  });
});
