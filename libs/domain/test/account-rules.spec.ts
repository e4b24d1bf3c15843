import { BillingProfile, ErrorCodes, MergePatch } from '../src';
import { aBillingProfile, customerRegistered, registerCustomer, registering } from './builders';
import { given } from './given-when-then';

const fails = (field: string, reason?: RegExp | string, code: number = ErrorCodes.InvalidProperty) => ({
  kind: 'invalid-input' as const,
  fields: [{ field: `billingProfile.${field}`, reason, code }],
});

const accepted = (patch: MergePatch<BillingProfile>) => registering(patch).then([expect.objectContaining({ type: 'CustomerRegistered' })]);

describe('Billing profile rules', () => {
  it.each([
    ['firstName', 'x'.repeat(51)],
    ['lastName', 'x'.repeat(51)],
    ['companyName', 'x'.repeat(201)],
  ])('limits %s in length', (field, value) => {
    registering({ [field]: value }).thenFails(fails(field, /at most/));
  });

  it('limits names to 50 characters, inclusive', () => {
    accepted({ firstName: 'x'.repeat(50) });
  });

  it.each(['firstName', 'lastName', 'email', 'culture', 'language', 'companyName'])('requires %s', (field) => {
    registering({ [field]: null }).thenFails(fails(field, 'is required'));
  });

  it('limits the email to 254 characters', () => {
    registering({ email: `${'a'.repeat(245)}@contoso.com` }).thenFails(fails('email', /at most 254/));
  });

  it('refuses an unsupported culture', () => {
    registering({ culture: 'xx-YY' }).thenFails(fails('culture', /not a supported culture/));
  });

  it('refuses a language that is not two letters', () => {
    registering({ language: 'e1' }).thenFails(fails('language', /two-letter/));
  });
});

describe('Default address rules', () => {
  const address = (field: string) => `defaultAddress.${field}`;

  it('refuses a country that is not ISO 3166-1 alpha-2', () => {
    registering({ defaultAddress: { country: 'XX' } }).thenFails(fails(address('country'), /ISO 3166-1/));
    registering({ defaultAddress: { country: 'USA' } }).thenFails(fails(address('country'), /ISO 3166-1/));
  });

  it('requires addressLine1 and limits it to 200 characters', () => {
    registering({ defaultAddress: { addressLine1: null } }).thenFails(fails(address('addressLine1'), 'is required'));
    registering({ defaultAddress: { addressLine1: 'x'.repeat(201) } }).thenFails(fails(address('addressLine1'), /at most 200/));
  });

  it('allows addressLine2 up to 200 characters', () => {
    accepted({ defaultAddress: { addressLine2: 'x'.repeat(200) } });
    registering({ defaultAddress: { addressLine2: 'x'.repeat(201) } }).thenFails(fails(address('addressLine2'), /at most 200/));
  });

  it('requires the contact names on the address, at most 50 characters', () => {
    registering({ defaultAddress: { firstName: null } }).thenFails(fails(address('firstName'), 'is required'));
    registering({ defaultAddress: { lastName: 'x'.repeat(51) } }).thenFails(fails(address('lastName'), /at most 50/));
  });

  it('requires a city, except in city-states', () => {
    registering({ defaultAddress: { city: null } }).thenFails(fails(address('city'), 'is required'));
    accepted({ defaultAddress: { country: 'SG', city: null, state: null, postalCode: '018956' } });
  });

  it.each([
    ['US', 'XX'],
    ['CA', 'WA'],
    ['MX', 'ON'],
  ])('requires a state of %s from its list', (country, state) => {
    registering({ defaultAddress: { country, state } }).thenFails(fails(address('state'), /is not a state of/));
    registering({ defaultAddress: { country, state: null } }).thenFails(fails(address('state'), 'is required'));
  });

  it('allows at most two characters of state elsewhere, and none at all', () => {
    accepted({ defaultAddress: { country: 'DE', state: null, postalCode: '10115' } });
    registering({ defaultAddress: { country: 'DE', state: 'BER', postalCode: '10115' } }).thenFails(fails(address('state'), /at most 2/));
  });

  it.each([
    ['US', '9805'],
    ['CA', '12345'],
    ['GB', '12345'],
    ['DE', '1011'],
    ['JP', '1000'],
  ])('matches a postal code of %s against its pattern', (country, postalCode) => {
    const state = { US: 'WA', CA: 'ON' }[country] ?? null;
    registering({ defaultAddress: { country, state, postalCode } }).thenFails(
      fails(address('postalCode'), `must be a postal code of ${country}`),
    );
  });

  it('accepts well-formed postal codes', () => {
    accepted({ defaultAddress: { postalCode: '98052-6399' } });
    accepted({ defaultAddress: { country: 'CA', state: 'ON', postalCode: 'K1A 0B1' } });
    accepted({ defaultAddress: { country: 'GB', state: null, postalCode: 'SW1A 1AA' } });
  });

  it('requires a postal code where the country has postal codes, and not where it has none', () => {
    registering({ defaultAddress: { postalCode: null } }).thenFails(fails(address('postalCode'), 'is required'));
    accepted({ defaultAddress: { country: 'IE', state: null, postalCode: null } });
  });

  it.each([
    ['RU', '101000'],
    ['IN', '110001'],
    ['BR', '01310-100'],
    ['ZA', '0001'],
    ['PL', '00-950'],
    ['AE', null],
    ['TR', '06100'],
    ['VN', '100000'],
  ])('requires a phone number in %s, with code 600051', (country, postalCode) => {
    const error = registering(
      { defaultAddress: { country, state: null, postalCode, phoneNumber: null } },
      country === 'RU' ? '1027700132195' : undefined,
    ).thenFails({
      kind: 'invalid-input',
      fields: [{ field: 'billingProfile.defaultAddress.phoneNumber', code: ErrorCodes.PhoneNumberRequired }],
    });
    expect(error.fieldErrors).toHaveLength(1);
    expect(error.code).toBe(ErrorCodes.PhoneNumberRequired);
  });

  it('does not require a phone number in the US, but checks one when given', () => {
    accepted({ defaultAddress: { phoneNumber: null } });
    accepted({ defaultAddress: { phoneNumber: '+1 (425) 555-0100' } });
    registering({ defaultAddress: { phoneNumber: 'call me' } }).thenFails(fails(address('phoneNumber'), /phone number/));
  });
});

describe('Organization registration number', () => {
  const russia = { defaultAddress: { country: 'RU', state: null, postalCode: '101000', phoneNumber: '+7 495 123-45-67' } };
  const field = 'companyProfile.organizationRegistrationNumber';

  it('is required for customers in the countries that have one', () => {
    registering(russia).thenFails({ kind: 'invalid-input', fields: [{ field, reason: 'is required' }] });
    registering(russia, '1027700132195').then([expect.objectContaining({ type: 'CustomerRegistered' })]);
  });

  it('is allowed only there', () => {
    registering({}, '1027700132195').thenFails({ kind: 'invalid-input', fields: [{ field, reason: /is allowed only for/ }] });
  });
});

describe('Company profile', () => {
  it('requires a domain name', () => {
    given()
      .when(registerCustomer(aBillingProfile(), {}, { domain: 'not a domain', companyName: 'Contoso' }))
      .thenFails({ kind: 'invalid-input', fields: [{ field: 'companyProfile.domain', reason: /domain name/ }] });
  });

  it('requires a company name', () => {
    given()
      .when(registerCustomer(aBillingProfile(), {}, { domain: 'contoso.onmicrosoft.com', companyName: '' }))
      .thenFails({ kind: 'invalid-input', fields: [{ field: 'companyProfile.companyName', reason: 'is required' }] });
  });

  it('keeps the tenant id equal to the customer id', () => {
    given().when(registerCustomer()).then([customerRegistered()]);
  });
});
