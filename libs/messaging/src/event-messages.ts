import { StoredEvent } from '@app/domain';
import { JsonMessage } from './json-producer';

/**
 * Keyed by customer id, so that one customer's events share a partition and keep their
 * order. Published as stored (schema version and hash chain included): consumers upcast.
 */
export function eventMessage(event: StoredEvent): JsonMessage {
  return {
    key: event.customerId,
    value: event,
    headers: { 'event-type': event.type, 'stream-version': String(event.version), 'schema-version': String(event.schemaVersion) },
  };
}
