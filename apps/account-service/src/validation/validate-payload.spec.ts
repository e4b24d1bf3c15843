import { CommandEnvelopeDto } from '../kafka/command-envelope.dto';
import { BillingProfileDto, BillingProfilePatchDto } from './dto/billing-profile.dto';
import { validatePayload } from './validate-payload';

describe('validatePayload', () => {
  it('accepts a well-typed payload and returns only the fields given', () => {
    const result = validatePayload(BillingProfilePatchDto, { email: 'a@b.co', defaultAddress: { city: 'Oslo' } });
    expect(result).toEqual({ ok: true, value: { email: 'a@b.co', defaultAddress: { city: 'Oslo' } } });
  });

  it('names an unknown field, nested too', () => {
    expect(validatePayload(BillingProfilePatchDto, { emial: 'x', defaultAddress: { town: 'Oslo' } })).toEqual({
      ok: false,
      errors: [
        { field: 'emial', reason: 'is not a known field', code: 3000 },
        { field: 'defaultAddress.town', reason: 'is not a known field', code: 3000 },
      ],
    });
  });

  it('names a field of the wrong type', () => {
    expect(validatePayload(BillingProfilePatchDto, { email: 42 })).toEqual({
      ok: false,
      errors: [{ field: 'email', reason: 'must be a string', code: 3000 }],
    });
  });

  it('refuses null for a field that may only be left out, and keeps it in a merge patch, where it removes the field', () => {
    const address = {
      country: 'NO',
      addressLine1: 'Karl Johans gate 1',
      addressLine2: null,
      firstName: 'Kari',
      lastName: 'Nordmann',
      city: 'Oslo',
    };
    const profile = {
      firstName: 'Kari',
      lastName: 'Nordmann',
      email: 'kari@contoso.no',
      culture: 'nb-NO',
      language: 'nb',
      companyName: 'Contoso',
      defaultAddress: address,
    };
    expect(validatePayload(BillingProfileDto, profile)).toEqual({
      ok: false,
      errors: [{ field: 'defaultAddress.addressLine2', reason: 'must be a string', code: 3000 }],
    });
    expect(
      validatePayload(CommandEnvelopeDto, {
        commandId: 'c-1',
        type: 'RegisterCustomer',
        customerId: '0d3f4c6e-5b1a-4f1e-9a57-0c2d7f7a1b10',
        expectedVersion: null,
      }),
    ).toMatchObject({ ok: false, errors: [{ field: 'expectedVersion' }] });
    expect(validatePayload(BillingProfilePatchDto, { defaultAddress: { addressLine2: null } })).toEqual({
      ok: true,
      value: { defaultAddress: { addressLine2: null } },
    });
  });

  it('refuses an operator where a value belongs', () => {
    expect(validatePayload(BillingProfilePatchDto, { email: { $gt: '' } })).toEqual({
      ok: false,
      errors: [{ field: 'email.$gt', reason: 'is not an allowed field name', code: 3000 }],
    });
  });

  it('gives one error per field, with every reason', () => {
    expect(
      validatePayload(CommandEnvelopeDto, { commandId: 'c', type: 'X', customerId: 'not-a-guid', expectedVersion: -1.5 }),
    ).toMatchObject({
      ok: false,
      errors: [
        { field: 'type' },
        { field: 'customerId', reason: 'must be a GUID' },
        { field: 'expectedVersion', reason: 'must not be less than 0; must be an integer number' },
      ],
    });
  });

  it('refuses prototype keys', () => {
    const payload = JSON.parse('{"__proto__": {"polluted": true}}');
    expect(validatePayload(BillingProfilePatchDto, payload)).toMatchObject({ ok: false, errors: [{ field: '__proto__' }] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses deep nesting', () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 20; i++) deep = { a: deep };
    expect(validatePayload(BillingProfilePatchDto, deep)).toMatchObject({
      ok: false,
      errors: [{ reason: 'nests deeper than 8 levels', code: 800002 }],
    });
  });

  it('refuses what is not an object', () => {
    expect(validatePayload(BillingProfilePatchDto, ['a'])).toMatchObject({
      ok: false,
      errors: [{ field: 'body', reason: 'must be a JSON object' }],
    });
    expect(validatePayload(BillingProfilePatchDto, 'a', 'payload')).toMatchObject({ ok: false, errors: [{ field: 'payload' }] });
  });
});
