import { BillingProfile, countryRulesOf, CustomerAccountCommand, ErrorCodes, LISTED_COUNTRIES, MergePatch } from '../src';
import { SUPPORTED_CULTURES } from '../src/rules/cultures';
import { aBillingProfile, CUSTOMER_ID, customerRegistered, metadata, registering, updateBilling } from './builders';
import { given } from './given-when-then';

const CULTURE = 'billingProfile.culture';
const LANGUAGE = 'billingProfile.language';
const PHONE = 'billingProfile.defaultAddress.phoneNumber';
const REGISTRATION_NUMBER = 'companyProfile.organizationRegistrationNumber';

const accepted = (patch: MergePatch<BillingProfile>, organizationRegistrationNumber?: string) =>
  registering(patch, organizationRegistrationNumber).then([expect.objectContaining({ type: 'CustomerRegistered' })]);

const GB = { country: 'GB', state: null, postalCode: 'SW1A 1AA' };
const RUSSIA = { defaultAddress: { country: 'RU', state: null, postalCode: '101000', phoneNumber: '+7 495 123-45-67' } };

describe('The country table', () => {
  it("states the US as Partner Center's own example does", () => {
    expect(countryRulesOf('US')).toMatchObject({
      iso2Code: 'US',
      defaultCulture: 'en-US',
      supportedCultures: ['en-US', 'es-US'],
      supportedLanguages: ['en', 'es'],
      isStateRequired: true,
      isPostalCodeRequired: true,
      isCityRequired: true,
      countryCallingCodes: ['1'],
    });
    expect(countryRulesOf('US').supportedStates).toEqual(expect.arrayContaining(['WA', 'DC', 'WY']));
  });

  it.each(LISTED_COUNTRIES)('lists for %s only cultures Partner Center supports, and their languages', (country) => {
    const rules = countryRulesOf(country);
    expect(SUPPORTED_CULTURES).toEqual(expect.arrayContaining([...rules.supportedCultures]));
    expect(rules.supportedCultures).toContain(rules.defaultCulture);
    expect(rules.supportedLanguages).toEqual([...new Set(rules.supportedCultures.map((culture) => culture.slice(0, 2)))]);
    expect(rules.countryCallingCodes.length).toBeGreaterThan(0);
  });

  it('keeps the defaults for a country it does not list', () => {
    expect(countryRulesOf('KE')).toMatchObject({ isListed: false, supportedCultures: SUPPORTED_CULTURES, countryCallingCodes: [] });
  });
});

describe('Cultures and languages by country', () => {
  it('given no customer, when a US customer registers in es-US, then it is recorded', () => {
    accepted({ culture: 'es-US', language: 'es' });
  });

  it('given no customer, when a US customer registers in en-GB, then the culture is refused naming the US cultures', () => {
    registering({ culture: 'en-GB' }).thenFails({
      kind: 'invalid-input',
      fields: [{ field: CULTURE, reason: /not a culture of US: one of en-US, es-US/ }],
    });
  });

  it('given no customer, when a British or Canadian customer registers in its own cultures, then it is recorded', () => {
    accepted({ culture: 'en-GB', defaultAddress: GB });
    accepted({ culture: 'fr-CA', language: 'fr', defaultAddress: { country: 'CA', state: 'QC', postalCode: 'H2Y 1C6' } });
  });

  it('given no customer, when a US customer registers in German, then the language is refused', () => {
    registering({ language: 'de' }).thenFails({ kind: 'invalid-input', fields: [{ field: LANGUAGE, reason: /not a language of US/ }] });
  });

  it('given no customer, when a customer in a country outside the table registers, then any supported culture is accepted', () => {
    accepted({ culture: 'de-DE', language: 'de', defaultAddress: { country: 'KE', state: null, postalCode: '00100' } });
  });

  it('given a US account recorded in en-GB before the table, when only its company name changes, then it is accepted', () => {
    given(customerRegistered(aBillingProfile({ culture: 'en-GB' })))
      .when(updateBilling({ companyName: 'Contoso Renamed' }))
      .then([expect.objectContaining({ type: 'BillingProfileUpdated' })]);
  });

  it('given that account, when it moves to Germany keeping en-GB, then the culture is judged against Germany', () => {
    given(customerRegistered(aBillingProfile({ culture: 'en-GB' })))
      .when(updateBilling({ defaultAddress: { country: 'DE', state: null, postalCode: '10115' } }))
      .thenFails({ kind: 'invalid-input', fields: [{ field: CULTURE, reason: /not a culture of DE/ }] });
  });
});

describe('Calling codes by country', () => {
  it('given no customer, when a US number is written with +1 or without a +, then it is recorded', () => {
    accepted({ defaultAddress: { phoneNumber: '+1 425 555 0100' } });
    accepted({ defaultAddress: { phoneNumber: '425 555 0100' } });
  });

  it('given no customer, when a US customer gives a British number with +44, then the number is refused', () => {
    registering({ defaultAddress: { phoneNumber: '+44 20 7946 0000' } }).thenFails({
      kind: 'invalid-input',
      fields: [{ field: PHONE, reason: /must begin with \+1/ }],
    });
  });

  it('given no customer, when a Kazakh customer gives +7, then it is recorded', () => {
    accepted({ defaultAddress: { country: 'KZ', state: null, postalCode: '050000', phoneNumber: '+7 727 250 0000' } }, '123456789012');
  });

  it('given a US account with a +44 number from before the table, when the email changes, then it is accepted', () => {
    given(customerRegistered(aBillingProfile({ defaultAddress: { phoneNumber: '+44 20 7946 0000' } })))
      .when(updateBilling({ email: 'new@contoso.com' }))
      .then([expect.objectContaining({ type: 'BillingProfileUpdated' })]);
  });
});

describe("Partner Center's registration-number codes", () => {
  it('given no customer, when a Russian customer registers without one, then 600002', () => {
    registering(RUSSIA).thenFails({
      code: ErrorCodes.RegistrationNumberRequired,
      fields: [{ field: REGISTRATION_NUMBER, reason: /required for customers in RU/ }],
    });
  });

  it('given no customer, when a Russian customer gives one of the wrong form, then 600049', () => {
    registering(RUSSIA, '!!').thenFails({ code: ErrorCodes.RegistrationNumberInvalid, fields: [{ field: REGISTRATION_NUMBER }] });
    registering(RUSSIA, '1'.repeat(51)).thenFails({ code: ErrorCodes.RegistrationNumberInvalid, fields: [{ field: REGISTRATION_NUMBER }] });
  });

  it('given no customer, when a US customer gives one, then 600050', () => {
    registering({}, '1027700132195').thenFails({
      code: ErrorCodes.RegistrationNumberNotAllowed,
      fields: [{ field: REGISTRATION_NUMBER, reason: /allowed only for/ }],
    });
  });

  it('given a Russian account, when its registration number is removed, then 600002', () => {
    const removing: CustomerAccountCommand = {
      type: 'UpdateCustomerDetails',
      data: { customerId: CUSTOMER_ID, companyProfile: { organizationRegistrationNumber: null } },
      metadata: metadata(),
    };
    given(
      customerRegistered(aBillingProfile(RUSSIA), {
        domain: 'contoso.onmicrosoft.com',
        companyName: 'Contoso',
        organizationRegistrationNumber: '1027700132195',
      }),
    )
      .when(removing)
      .thenFails({ code: ErrorCodes.RegistrationNumberRequired, fields: [{ field: REGISTRATION_NUMBER }] });
  });
});
