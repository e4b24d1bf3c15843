import { RecordedEvent, StoredEvent, upcastEvent } from '@app/domain';

export type ParsedEvent = { ok: true; event: RecordedEvent } | { ok: false; reason: string };

/**
 * Reads an events-topic message in today's schema; anything that is not a recorded event
 * of a known schema version is a poison message.
 */
export function parseEventMessage(value: Buffer | null): ParsedEvent {
  if (!value) return { ok: false, reason: 'The message has no value' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: `The message is not JSON: ${(error as Error).message}` };
  }
  const event = parsed as Partial<RecordedEvent>;
  if (typeof event !== 'object' || event === null) return { ok: false, reason: 'The message is not a JSON object' };
  const missing = (['eventId', 'customerId', 'type'] as const).filter((field) => typeof event[field] !== 'string');
  if (!Number.isInteger(event.version) || (event.version as number) < 1) missing.push('version' as never);
  if (typeof event.data !== 'object' || event.data === null) missing.push('data' as never);
  if (typeof event.actor !== 'object' || event.actor === null) missing.push('actor' as never);
  if (missing.length > 0) return { ok: false, reason: `The event lacks a valid ${missing.join(', ')}` };
  try {
    return { ok: true, event: upcastEvent(event as StoredEvent) };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}
