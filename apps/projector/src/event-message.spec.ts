import { parseEventMessage } from './event-message';

const valid = { eventId: 'e1', customerId: 'c1', type: 'PurchasePermissionGranted', version: 2, data: { resource: 'AzureSavingsPlan', action: 'Purchase' } };

describe('parseEventMessage', () => {
  it('reads a recorded event', () => {
    expect(parseEventMessage(Buffer.from(JSON.stringify(valid)))).toEqual({ ok: true, event: valid });
  });

  it('names what is missing', () => {
    const { version, eventId, ...rest } = valid;
    expect(parseEventMessage(Buffer.from(JSON.stringify({ ...rest, version: 0 })))).toEqual({ ok: false, reason: 'The event lacks a valid eventId, version' });
  });

  it('refuses what is not JSON, or nothing', () => {
    expect(parseEventMessage(Buffer.from('{oops'))).toMatchObject({ ok: false, reason: expect.stringMatching(/^The message is not JSON/) });
    expect(parseEventMessage(null)).toEqual({ ok: false, reason: 'The message has no value' });
    expect(parseEventMessage(Buffer.from('null'))).toEqual({ ok: false, reason: 'The message is not a JSON object' });
  });
});
