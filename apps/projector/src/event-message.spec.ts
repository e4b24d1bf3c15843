import { parseEventMessage } from './event-message';

const actor = { userPrincipalName: 'admin@partner.example', applicationId: 'crm', partnerId: 'p1' };
const valid = {
  eventId: 'e1',
  customerId: 'c1',
  partnerId: 'p1',
  type: 'PurchasePermissionGranted',
  version: 2,
  schemaVersion: 3,
  actor,
  data: { resource: 'AzureSavingsPlan', action: 'Purchase' },
};

describe('parseEventMessage', () => {
  it('reads a recorded event', () => {
    expect(parseEventMessage(Buffer.from(JSON.stringify(valid)))).toEqual({ ok: true, event: valid });
  });

  it('reads an event of an older schema version in the current one', () => {
    const { partnerId: _, ...olderActor } = actor;
    expect(parseEventMessage(Buffer.from(JSON.stringify({ ...valid, schemaVersion: 1, actor: olderActor })))).toEqual({
      ok: true,
      event: valid,
    });
  });

  it('refuses an event of a schema version it does not know', () => {
    expect(parseEventMessage(Buffer.from(JSON.stringify({ ...valid, schemaVersion: 9 })))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/schema version 9/),
    });
  });

  it('names what is missing', () => {
    const { version, eventId, actor: _, ...rest } = valid;
    expect(parseEventMessage(Buffer.from(JSON.stringify({ ...rest, version: 0 })))).toEqual({
      ok: false,
      reason: 'The event lacks a valid eventId, version, actor',
    });
  });

  it('refuses what is not JSON, or nothing', () => {
    expect(parseEventMessage(Buffer.from('{oops'))).toMatchObject({ ok: false, reason: expect.stringMatching(/^The message is not JSON/) });
    expect(parseEventMessage(null)).toEqual({ ok: false, reason: 'The message has no value' });
    expect(parseEventMessage(Buffer.from('null'))).toEqual({ ok: false, reason: 'The message is not a JSON object' });
  });
});
