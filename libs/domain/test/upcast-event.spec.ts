import { CURRENT_EVENT_SCHEMA_VERSION, fold, StoredEvent, upcastEvent } from '../src';
import schemaOneStream from './fixtures/schema-1-stream.json';

// The fixture is a real stream as the service stored it while events were at
// schema version 1 (the README walkthrough: register, change the billing address and
// email, grant reserved instances), read back out of FerretDB unchanged.
const storedV1 = schemaOneStream as unknown as StoredEvent[];

describe('Upcasting stored events', () => {
  it('given a stream stored at schema version 1, reads it in the current schema with the acting partner filled in', () => {
    const events = storedV1.map(upcastEvent);
    expect(events.map((event) => event.schemaVersion)).toEqual([
      CURRENT_EVENT_SCHEMA_VERSION,
      CURRENT_EVENT_SCHEMA_VERSION,
      CURRENT_EVENT_SCHEMA_VERSION,
    ]);
    for (const event of events) expect(event.actor).toEqual({ ...storedV1[0].actor, partnerId: event.partnerId });
  });

  it('folds the old stream into the account the projector of that day built from it', () => {
    const state = fold(storedV1.map(upcastEvent));
    expect(state).toMatchObject({
      status: 'registered',
      version: 3,
      billingProfile: { email: 'billing@contoso.com', defaultAddress: { city: 'Seattle', postalCode: '98101' } },
      purchasePermissions: [{ resource: 'AzureReservedInstances', action: 'Purchase' }],
    });
  });

  it('leaves an event of the current schema as it is', () => {
    const current = upcastEvent(storedV1[0]);
    expect(upcastEvent(current)).toEqual(current);
  });

  it('refuses an event from a schema version it does not know', () => {
    expect(() => upcastEvent({ ...storedV1[0], schemaVersion: CURRENT_EVENT_SCHEMA_VERSION + 1 })).toThrow(
      `schema version ${CURRENT_EVENT_SCHEMA_VERSION + 1}`,
    );
  });
});
