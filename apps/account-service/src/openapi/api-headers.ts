import { ID_PATTERN, MAX_REASON_LENGTH } from '@app/domain';
import { ApiHeaderOptions } from '@nestjs/swagger';

/** The request headers the routes take, described once for every operation that takes them. */
export const IF_MATCH: ApiHeaderOptions = {
  name: 'If-Match',
  required: true,
  schema: { type: 'string', example: '"1"' },
  description: 'The ETag of the account (or of the resource, on its own route) as last read, or *',
};
export const REQUEST_ID: ApiHeaderOptions = {
  name: 'MS-RequestId',
  required: false,
  schema: { type: 'string', pattern: ID_PATTERN },
  description: 'Idempotency key: a retry gets the first answer; the same id with another command is a 409',
};
export const CORRELATION_ID: ApiHeaderOptions = {
  name: 'MS-CorrelationId',
  required: false,
  schema: { type: 'string', pattern: ID_PATTERN },
};
export const CHANGE_REASON: ApiHeaderOptions = {
  name: 'X-Change-Reason',
  required: false,
  schema: { type: 'string', example: 'Customer asked to buy reservations on their own', maxLength: MAX_REASON_LENGTH },
  description:
    'Why the change is made: plain text on one line, at most 500 characters, as UTF-8 or percent-encoded UTF-8. Recorded on the events, shown in history and exports. Required for the command types in REASON_REQUIRED_FOR (400, code 800420, without one).',
};
export const REQUIRED_CHANGE_REASON: ApiHeaderOptions = { ...CHANGE_REASON, required: true };
export const TRACEPARENT: ApiHeaderOptions = {
  name: 'traceparent',
  required: false,
  schema: { type: 'string', example: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
  description:
    'W3C Trace Context (with tracestate): recorded with the events and carried on their Kafka messages; an invalid one is ignored',
};
/** The header a caller names the version it wrote with, to read its own write. */
export const MIN_VERSION_HEADER = 'X-Min-Version';
export const MIN_VERSION: ApiHeaderOptions = {
  name: MIN_VERSION_HEADER,
  required: false,
  schema: { type: 'string', example: '2', pattern: '^[1-9]\\d{0,8}$' },
  description:
    'Read your own write: the version a write answered. The read waits up to READ_YOUR_WRITES_WAIT_MS for the read model, then answers from the event store (X-Served-From: event-store); 412 when no write made that version.',
};

/** What every command takes besides If-Match: idempotency, correlation, the reason and the trace. */
export const COMMAND_HEADERS = [REQUEST_ID, CORRELATION_ID, CHANGE_REASON, TRACEPARENT];
