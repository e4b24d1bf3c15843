import { LEGACY_OPERATION_TYPES } from './operation-types';
import { CURRENT_EVENT_SCHEMA_VERSION, RecordedEvent } from './recorded-event';

/** An event as some writer of any schema version stored it: the fields every version has. */
export type StoredEvent = Omit<RecordedEvent, 'type' | 'data' | 'actor'> & {
  type: string;
  data: object;
  actor: { userPrincipalName: string; applicationId: string; partnerId?: string };
};

/**
 * Each step takes an event of schema version n to n + 1. Steps never fail and never
 * guess: they only fill in what an older writer knew but did not record.
 */
const STEPS: Record<number, (event: StoredEvent) => StoredEvent> = {
  // Version 1 did not record the acting partner. When it was written only the account's own
  // partner could act on it, so the stream's partner is who acted.
  1: (event) => ({ ...event, schemaVersion: 2, actor: { ...event.actor, partnerId: event.actor.partnerId ?? event.partnerId } }),
  // Version 2 named a registration create_customer, where Partner Center's log says add_customer.
  // Its grants and revokes keep their names: which one updated a policy depends on the stream before.
  2: (event) => {
    const renamed = LEGACY_OPERATION_TYPES[event.operationType];
    return { ...event, schemaVersion: 3, ...(renamed !== undefined && { operationType: renamed }) };
  },
};

/** The event in today's schema, however old it is; a version from the future is refused. */
export function upcastEvent(stored: StoredEvent): RecordedEvent {
  const from = stored.schemaVersion ?? 1;
  if (!Number.isInteger(from) || from < 1 || from > CURRENT_EVENT_SCHEMA_VERSION) {
    throw new Error(
      `Event ${stored.eventId} has schema version ${stored.schemaVersion}, which this reader (up to ${CURRENT_EVENT_SCHEMA_VERSION}) does not know`,
    );
  }
  let event = stored;
  for (let version = from; version < CURRENT_EVENT_SCHEMA_VERSION; version++) event = STEPS[version](event);
  return event as unknown as RecordedEvent;
}
