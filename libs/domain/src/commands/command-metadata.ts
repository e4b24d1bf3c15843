import { Actor } from '../account/actor';
import { AccountResource } from '../account/customer-account';
import { TraceContext } from './trace-context';

/** What arrives with every command; the domain takes time and ids from here, never from a clock. */
export interface CommandMetadata {
  /** Idempotency key: `MS-RequestId` over HTTP, `commandId` on Kafka. */
  commandId: string;
  correlationId: string;
  actor: Actor;
  /** ISO-8601 UTC instant at which the service received the command. */
  receivedAt: string;
  /**
   * The service made the id up (an HTTP request without `MS-RequestId`): no earlier
   * delivery can carry it, so there is no first result to look for.
   */
  commandIdIssuedByService?: true;
  /** The W3C trace the command came in, recorded on its events and carried on with them. */
  trace?: TraceContext;
  /** Why the change is made, in the sender's words (parseReason): recorded on every event it causes. */
  reason?: string;
  /** When present, the command applies only if the stream is still at this version. */
  expectedVersion?: number;
  /**
   * When present, the command applies only if the resource has not changed since this
   * version: an ETag of the resource, or of the account, seen then (If-Match on a resource's route).
   */
  expectedResourceVersion?: { resource: AccountResource; version: number };
}
