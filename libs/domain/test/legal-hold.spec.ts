import { CustomerAccountCommand, CustomerAccountEvent, ErrorCodes, fold } from '../src';
import { CUSTOMER_ID, OTHER_PARTNER_ID, actingAs, anActor, customerRegistered, metadata } from './builders';
import { given } from './given-when-then';

const asGlobalAdmin = (overrides = {}) =>
  metadata({ actor: anActor({ roles: ['GlobalAdmin'] }), reason: 'Litigation 2026-17', ...overrides });
const hold = (type: 'PlaceLegalHold' | 'ReleaseLegalHold', overrides = {}): CustomerAccountCommand => ({
  type,
  data: { customerId: CUSTOMER_ID },
  metadata: asGlobalAdmin(overrides),
});
const forget = (overrides = {}): CustomerAccountCommand => ({
  type: 'ForgetCustomerPersonalData',
  data: { customerId: CUSTOMER_ID },
  metadata: asGlobalAdmin(overrides),
});
const placed: CustomerAccountEvent = { type: 'LegalHoldPlaced', data: {} };
const released: CustomerAccountEvent = { type: 'LegalHoldReleased', data: {} };

describe('PlaceLegalHold and ReleaseLegalHold', () => {
  it('given a registered customer, when a global admin places a hold with a reason, then the hold is placed', () => {
    given(customerRegistered()).when(hold('PlaceLegalHold')).then([placed]);
  });

  it('given a hold, when it is placed again, then nothing more is recorded; when released, then it is released', () => {
    given(customerRegistered(), placed).when(hold('PlaceLegalHold')).then([]);
    given(customerRegistered(), placed).when(hold('ReleaseLegalHold')).then([released]);
    given(customerRegistered()).when(hold('ReleaseLegalHold')).then([]);
  });

  it('given a hold, when the personal data is to be forgotten, then it is refused with its own code, even to a global admin', () => {
    given(customerRegistered(), placed).when(forget()).thenFails({ kind: 'conflict', code: ErrorCodes.CustomerOnLegalHold });
  });

  it('given a hold released, when the personal data is forgotten, then it is', () => {
    const events = given(customerRegistered(), placed, released);
    events.when(forget()).then([expect.objectContaining({ type: 'CustomerPersonalDataForgotten' }) as never]);
  });

  it('given any hold command without a reason, then it is refused: a hold always says why', () => {
    for (const type of ['PlaceLegalHold', 'ReleaseLegalHold'] as const)
      given(customerRegistered(), placed)
        .when(hold(type, { reason: undefined }))
        .thenFails({ kind: 'invalid-input', code: ErrorCodes.ReasonRequired, fields: [{ field: 'reason' }] });
  });

  it.each(['AdminAgent', 'SalesAgent', 'HelpdeskAgent', 'BillingAdmin', 'Auditor'] as const)(
    'given a %s, when it places or lifts a hold, then it may not: only global admins may',
    (role) => {
      for (const type of ['PlaceLegalHold', 'ReleaseLegalHold'] as const)
        given(customerRegistered(), placed)
          .when(hold(type, actingAs(role)))
          .thenFails({ kind: 'forbidden', code: ErrorCodes.RoleNotAllowed });
    },
  );

  it("given another partner's customer, when its global admin places a hold, then it may not", () => {
    given(customerRegistered())
      .when(hold('PlaceLegalHold', { actor: anActor({ roles: ['GlobalAdmin'], partnerId: OTHER_PARTNER_ID }) }))
      .thenFails({ kind: 'forbidden', code: ErrorCodes.CustomerOfAnotherPartner });
  });

  it('folds a hold into the account, and its release out of it', () => {
    expect(fold([customerRegistered(), placed])).toMatchObject({ legalHold: true, version: 2 });
    expect(fold([customerRegistered(), placed, released])).not.toHaveProperty('legalHold');
  });
});
