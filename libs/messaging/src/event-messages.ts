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
    headers: {
      'event-type': event.type,
      'stream-version': String(event.version),
      'schema-version': String(event.schemaVersion),
      ...cloudEventHeaders(event),
      // The trace the command came in goes on with its events, to the projector and beyond.
      ...(event.trace && {
        traceparent: event.trace.traceparent,
        ...(event.trace.tracestate !== undefined && { tracestate: event.trace.tracestate }),
      }),
    },
  };
}

/** The source every event names: this service's streams, one per customer (ce_subject). */
export const CLOUD_EVENTS_SOURCE = '/customer-account-service/customers';

/**
 * CloudEvents 1.0 in Kafka's binary mode, beside today's headers: the value stays the event
 * as stored, and a CloudEvents consumer reads the attributes from these headers.
 */
function cloudEventHeaders(event: StoredEvent): Record<string, string> {
  return {
    ce_specversion: '1.0',
    ce_id: event.eventId,
    ce_type: `com.customer-account.${event.type}.v${event.schemaVersion}`,
    ce_source: CLOUD_EVENTS_SOURCE,
    ce_subject: event.customerId,
    ce_time: event.occurredAt,
    'content-type': 'application/json',
  };
}
