import { Actor } from '../account/actor';
import { CustomerAccountCommand } from '../commands/customer-account-command';
import { TraceContext } from '../commands/trace-context';
import { CustomerAccountEvent } from './customer-account-event';
import { DecidedOn, operationTypesOf } from './operation-types';

/**
 * The schema version every event is written with today; readers upcast older ones
 * (upcast-event.ts). 2: the actor names the partner it acted for. 3: operation types are
 * Partner Center's activity-log names (operation-types.ts).
 */
export const CURRENT_EVENT_SCHEMA_VERSION = 3;

/** An event as stored and published: the business fact plus who, when, why and where in the stream. */
export type RecordedEvent<E extends CustomerAccountEvent = CustomerAccountEvent> = E & {
  eventId: string;
  customerId: string;
  partnerId: string;
  /** Position in the customer's stream, from 1. */
  version: number;
  schemaVersion: number;
  operationType: string;
  /** ISO-8601 UTC. */
  occurredAt: string;
  actor: Pick<Actor, 'userPrincipalName' | 'applicationId' | 'partnerId'>;
  correlationId: string;
  /** The command that caused it. */
  causationId: string;
  /** Why, in the sender's words, when the command said. */
  reason?: string;
  /** The W3C trace of the request or message that caused it. */
  trace?: TraceContext;
  /**
   * Set by the reader, never stored: personal fields (account paths) whose values in this
   * event were erased, because the customer's key was destroyed.
   */
  erasedFields?: string[];
};

/**
 * Places freshly decided events in the stream after the state they were decided on.
 * Ids come from the caller so that this stays free of randomness.
 */
export function recordEvents(
  events: CustomerAccountEvent[],
  command: CustomerAccountCommand,
  partnerId: string,
  decidedOn: DecidedOn,
  newEventId: () => string,
): RecordedEvent[] {
  const { metadata } = command;
  const operationTypes = operationTypesOf(events, decidedOn);
  return events.map((event, index) => ({
    ...event,
    eventId: newEventId(),
    customerId: command.data.customerId,
    partnerId,
    version: decidedOn.version + index + 1,
    schemaVersion: CURRENT_EVENT_SCHEMA_VERSION,
    operationType: operationTypes[index],
    occurredAt: metadata.receivedAt,
    actor: {
      userPrincipalName: metadata.actor.userPrincipalName,
      applicationId: metadata.actor.applicationId,
      partnerId: metadata.actor.partnerId,
    },
    correlationId: metadata.correlationId,
    causationId: metadata.commandId,
    ...(metadata.reason !== undefined && { reason: metadata.reason }),
    ...(metadata.trace !== undefined && { trace: metadata.trace }),
  }));
}
