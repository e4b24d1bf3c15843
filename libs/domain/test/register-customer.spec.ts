import { ErrorCodes } from '../src';
import { CUSTOMER_ID, PARTNER_ID, aBillingProfile, actingAs, customerRegistered, registerCustomer } from './builders';
import { given } from './given-when-then';

describe('RegisterCustomer', () => {
  it('registers a new customer for the acting partner', () => {
    given().when(registerCustomer()).then([customerRegistered()]);
  });

  it('stores the culture in its canonical case, the country and state upper case, the language lower case', () => {
    const spelledLoosely = aBillingProfile({ culture: 'EN-us', language: 'EN', defaultAddress: { country: 'us', state: 'wa' } });
    given().when(registerCustomer(spelledLoosely)).then([customerRegistered()]);
  });

  it('treats an empty optional field as absent', () => {
    given()
      .when(registerCustomer(aBillingProfile({ defaultAddress: { addressLine2: '', region: '' } })))
      .then([customerRegistered()]);
  });

  it('is refused when the account already exists', () => {
    given(customerRegistered()).when(registerCustomer()).thenFails({ kind: 'conflict', code: ErrorCodes.CustomerAlreadyExists });
  });

  it.each(['SalesAgent', 'HelpdeskAgent', 'BillingAdmin', 'Auditor'] as const)('is refused to a %s', (role) => {
    given()
      .when(registerCustomer(aBillingProfile(), actingAs(role)))
      .thenFails({ kind: 'forbidden', code: ErrorCodes.RoleNotAllowed });
  });

  it('is allowed to a global admin', () => {
    given()
      .when(registerCustomer(aBillingProfile(), actingAs('GlobalAdmin')))
      .then([customerRegistered()]);
  });

  it('records the acting partner as the owner', () => {
    given()
      .when(registerCustomer())
      .then([expect.objectContaining({ data: expect.objectContaining({ partnerId: PARTNER_ID, customerId: CUSTOMER_ID }) })]);
  });

  it('reports every broken rule at once, each with its field', () => {
    const error = given()
      .when(registerCustomer(aBillingProfile({ email: 'not-an-email', language: 'eng', defaultAddress: { city: null } })))
      .thenFails({
        kind: 'invalid-input',
        code: ErrorCodes.InvalidProperty,
        fields: [
          { field: 'billingProfile.email', reason: /email address/ },
          { field: 'billingProfile.language' },
          { field: 'billingProfile.defaultAddress.city', reason: 'is required' },
        ],
      });
    expect(error.fieldErrors).toHaveLength(3);
    expect(error.message).toContain('billingProfile.email');
  });
});
