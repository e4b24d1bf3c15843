import { CustomerAccountCommand, CustomerAccountEvent, ErrorCodes, fold } from '../src';
import { CUSTOMER_ID, OTHER_PARTNER_ID, actingAs, anActor, customerRegistered, metadata, updateBilling } from './builders';
import { given } from './given-when-then';

const forget = (overrides = {}): CustomerAccountCommand => ({
  type: 'ForgetCustomerPersonalData',
  data: { customerId: CUSTOMER_ID },
  metadata: metadata(overrides),
});

const SAMPLE_PERSONAL_FIELDS = [
  'billingProfile.firstName',
  'billingProfile.lastName',
  'billingProfile.email',
  'billingProfile.defaultAddress.firstName',
  'billingProfile.defaultAddress.lastName',
  'billingProfile.defaultAddress.addressLine1',
  'billingProfile.defaultAddress.city',
  'billingProfile.defaultAddress.postalCode',
];
const forgotten = (fields = SAMPLE_PERSONAL_FIELDS): CustomerAccountEvent => ({ type: 'CustomerPersonalDataForgotten', data: { fields } });

describe('ForgetCustomerPersonalData', () => {
  it('erases every personal field that holds a value, and nothing else', () => {
    given(customerRegistered()).when(forget()).then([forgotten()]);
  });

  it('erases a phone number and a second address line too when they are there', () => {
    given(customerRegistered(), {
      type: 'BillingProfileUpdated',
      data: {
        changes: [
          { field: 'defaultAddress.addressLine2', newValue: 'Building 92' },
          { field: 'defaultAddress.phoneNumber', newValue: '+1 425 555 0100' },
        ],
      },
    })
      .when(forget())
      .then([
        forgotten([
          ...SAMPLE_PERSONAL_FIELDS.slice(0, 5),
          'billingProfile.defaultAddress.phoneNumber',
          'billingProfile.defaultAddress.addressLine1',
          'billingProfile.defaultAddress.addressLine2',
          ...SAMPLE_PERSONAL_FIELDS.slice(6),
        ]),
      ]);
  });

  it('accepts forgetting what is already forgotten, and records nothing', () => {
    given(customerRegistered(), forgotten()).when(forget()).then([]);
  });

  it('forgets personal data given again after an earlier forget', () => {
    given(customerRegistered(), forgotten(), {
      type: 'BillingProfileUpdated',
      data: { changes: [{ field: 'email', newValue: 'new@contoso.com' }] },
    })
      .when(forget())
      .then([forgotten(['billingProfile.email'])]);
  });

  it.each(['SalesAgent', 'HelpdeskAgent', 'BillingAdmin', 'Auditor'] as const)('is refused to a %s', (role) => {
    given(customerRegistered())
      .when(forget(actingAs(role)))
      .thenFails({ kind: 'forbidden', code: ErrorCodes.RoleNotAllowed });
  });

  it('is allowed to a global admin', () => {
    given(customerRegistered())
      .when(forget(actingAs('GlobalAdmin')))
      .then([forgotten()]);
  });

  it("is refused for another partner's customer, and for one that does not exist", () => {
    given(customerRegistered())
      .when(forget({ actor: anActor({ partnerId: OTHER_PARTNER_ID }) }))
      .thenFails({ kind: 'forbidden', code: ErrorCodes.CustomerOfAnotherPartner });
    given().when(forget()).thenFails({ kind: 'not-found', code: ErrorCodes.CustomerNotFound });
  });

  it('is refused as stale when the expected version is behind', () => {
    given(customerRegistered(), forgotten())
      .when(forget({ expectedVersion: 1 }))
      .thenFails({ kind: 'stale-version', code: ErrorCodes.EtagNoLongerValid });
  });
});

describe('an account after a forget', () => {
  it('keeps the company, the address country and state, and names what was erased', () => {
    const state = fold([customerRegistered(), forgotten()]);
    expect(state).toMatchObject({
      version: 2,
      billingProfile: { culture: 'en-US', language: 'en', companyName: 'Contoso', defaultAddress: { country: 'US', state: 'WA' } },
      erasedFields: [...SAMPLE_PERSONAL_FIELDS].sort(),
    });
    expect(state.status === 'registered' && state.billingProfile).not.toHaveProperty('email');
    expect(state.status === 'registered' && state.billingProfile.defaultAddress).not.toHaveProperty('city');
  });

  it('no longer counts a field as erased once it is given again', () => {
    const state = fold([
      customerRegistered(),
      forgotten(),
      { type: 'BillingProfileUpdated', data: { changes: [{ field: 'email', newValue: 'new@contoso.com' }] } },
    ]);
    expect(state.status === 'registered' && state.erasedFields).toEqual(
      [...SAMPLE_PERSONAL_FIELDS].filter((field) => field !== 'billingProfile.email').sort(),
    );
  });

  it('stays updatable: a change of the company or the culture leaves the erased fields erased', () => {
    given(customerRegistered(), forgotten())
      .when(updateBilling({ culture: 'es-US' }))
      .then([{ type: 'BillingProfileUpdated', data: { changes: [{ field: 'culture', oldValue: 'en-US', newValue: 'es-US' }] } }]);
    given(customerRegistered(), forgotten())
      .when({
        type: 'UpdateCustomerDetails',
        data: { customerId: CUSTOMER_ID, companyProfile: { companyName: 'Contoso Ltd' } },
        metadata: metadata(),
      })
      .then([
        { type: 'CompanyProfileUpdated', data: { changes: [{ field: 'companyName', oldValue: 'Contoso', newValue: 'Contoso Ltd' }] } },
      ]);
  });

  it('takes the email alone given again, the other erased fields staying erased', () => {
    given(customerRegistered(), forgotten())
      .when(updateBilling({ email: 'new@contoso.com' }))
      .then([{ type: 'BillingProfileUpdated', data: { changes: [{ field: 'email', newValue: 'new@contoso.com' }] } }]);
  });

  it('still judges what is given again, and still refuses removing a field that was never erased', () => {
    given(customerRegistered(), forgotten())
      .when(updateBilling({ email: 'not an address' }))
      .thenFails({ kind: 'invalid-input', fields: [{ field: 'billingProfile.email', reason: /email address/ }] });
    given(customerRegistered(), forgotten())
      .when(updateBilling({ culture: null }))
      .thenFails({ kind: 'invalid-input', fields: [{ field: 'billingProfile.culture', reason: /required/ }] });
  });
});
