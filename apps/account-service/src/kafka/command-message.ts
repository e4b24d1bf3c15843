import { parseTraceContext, TraceContext } from '@app/domain';
import { KafkaMessage } from 'kafkajs';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A message of the commands topic that can be answered: a JSON object naming a command id. */
export type ReadableCommand = {
  readable: true;
  message: Record<string, unknown>;
  authorization?: string;
  key?: string;
  /** The W3C trace the message carried in its headers, when valid. */
  trace?: TraceContext;
  raw: KafkaMessage;
};
export type ReadCommand = ReadableCommand | { readable: false; reason: string };

/** A JSON object with a command id can be answered; anything less is a dead letter. */
export function readCommandMessage(message: KafkaMessage, maxPayloadBytes: number): ReadCommand {
  const { value } = message;
  if (!value || value.length === 0) return { readable: false, reason: 'The message has no value' };
  if (value.length > maxPayloadBytes)
    return { readable: false, reason: `The message is ${value.length} bytes; the limit is ${maxPayloadBytes}` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(UTF8.decode(value));
  } catch (error) {
    return { readable: false, reason: `The message is not UTF-8 JSON: ${(error as Error).message}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { readable: false, reason: 'The message is not a JSON object' };
  const { commandId } = parsed as { commandId?: unknown };
  if (typeof commandId !== 'string' || commandId.length === 0 || commandId.length > 128) {
    return { readable: false, reason: 'The message has no commandId (a string of 1 to 128 characters) to answer to' };
  }
  const authorization = message.headers?.authorization;
  const key = message.key === null || message.key === undefined ? undefined : message.key.toString();
  const header = (name: string) => {
    const value = message.headers?.[name];
    return Array.isArray(value) || value === undefined ? undefined : value.toString();
  };
  const trace = parseTraceContext(header('traceparent'), header('tracestate'));
  return {
    readable: true,
    message: parsed as Record<string, unknown>,
    authorization: Array.isArray(authorization) ? undefined : authorization?.toString(),
    key,
    ...(trace && { trace }),
    raw: message,
  };
}

/** What a result names of the command it answers, as far as the message says. */
export function identityOf(message: Record<string, unknown>) {
  return {
    commandId: String(message.commandId),
    customerId: typeof message.customerId === 'string' ? message.customerId : '',
    type: typeof message.type === 'string' ? message.type : '',
  };
}

/**
 * Per-customer order rests on the key: Kafka keeps order only within a partition, and the
 * key picks it. A command keyed otherwise may overtake its customer's others, so it is
 * refused rather than re-keyed, which would hide the sender's mistake from it.
 */
export function keyProblem(key: string | undefined, customerId: string): string | undefined {
  if (key === undefined)
    return `The message has no key: key each command by its customerId (${customerId}), on which the order of a customer's commands rests`;
  if (key.toLowerCase() !== customerId.toLowerCase())
    return `The message is keyed ${JSON.stringify(key.slice(0, 64))}, not by its customerId ${customerId}: key each command by its customer, on which the order of a customer's commands rests`;
  return undefined;
}
