import { CustomerAccountCommand, CustomerAccountEvent, decide, ErrorCodes, fold, initialState } from '../src';
import { aBillingProfile, CUSTOMER_ID, metadata, registerCustomer } from './builders';
import { given } from './given-when-then';

const withPartnerCenterFields = aBillingProfile({
  middleName: 'J.',
  defaultAddress: { addressLine3: 'Floor 3', district: 'Overlake' },
});

describe("Partner Center's billing-profile fields beyond the basics", () => {
  it('given no customer, when one registers with a middle name, a third address line and a district, then they are recorded', () => {
    const [registered] = decide(registerCustomer(withPartnerCenterFields), initialState());
    expect(registered).toMatchObject({
      type: 'CustomerRegistered',
      data: { billingProfile: { middleName: 'J.', defaultAddress: { addressLine3: 'Floor 3', district: 'Overlake' } } },
    });
  });

  it('given any of them too long, then it is refused naming the field', () => {
    given()
      .when(
        registerCustomer(
          aBillingProfile({ middleName: 'x'.repeat(51), defaultAddress: { addressLine3: 'y'.repeat(201), district: 'z'.repeat(101) } }),
        ),
      )
      .thenFails({
        kind: 'invalid-input',
        code: ErrorCodes.InvalidProperty,
        fields: [
          { field: 'billingProfile.middleName' },
          { field: 'billingProfile.defaultAddress.addressLine3' },
          { field: 'billingProfile.defaultAddress.district' },
        ],
      });
  });

  it('given an empty one, then it is the same as leaving it out', () => {
    const [registered] = decide(registerCustomer(aBillingProfile({ middleName: '', defaultAddress: { district: '' } })), initialState());
    expect((registered as Extract<CustomerAccountEvent, { type: 'CustomerRegistered' }>).data.billingProfile).not.toHaveProperty(
      'middleName',
    );
  });

  it('given a US customer, when its culture is es-US, then it is accepted', () => {
    expect(() => decide(registerCustomer(aBillingProfile({ culture: 'es-us' })), initialState())).not.toThrow();
  });

  it('given a customer who gave them, when its personal data is forgotten, then they are erased with the rest', () => {
    const registered = decide(registerCustomer(withPartnerCenterFields), initialState());
    const forget: CustomerAccountCommand = { type: 'ForgetCustomerPersonalData', data: { customerId: CUSTOMER_ID }, metadata: metadata() };
    const [forgotten] = decide(forget, fold(registered));
    expect((forgotten as Extract<CustomerAccountEvent, { type: 'CustomerPersonalDataForgotten' }>).data.fields).toEqual(
      expect.arrayContaining([
        'billingProfile.middleName',
        'billingProfile.defaultAddress.addressLine3',
        'billingProfile.defaultAddress.district',
      ]),
    );
  });
});
