import { StoredChainEvent } from './hash-chain';

/**
 * One command's events, written as one document. FerretDB has no transactions, so the
 * commit is the unit of atomicity: all of a command's events land together or not at all.
 * `_id` is the command id (a retried command cannot commit twice) and the unique
 * (customerId, firstVersion) index is the optimistic-concurrency check.
 */
/** The outbox's mark on a commit not yet acknowledged by Kafka. */
export const PENDING_PUBLICATION = 'pending' as const;

export interface EventCommit {
  /** The command id; `<partnerId>:<command id>` when another partner's command took the id first (ids are a partner's own). */
  _id: string;
  /** The command id as its sender gave it, when `_id` is scoped by the partner. */
  commandId?: string;
  commandType: string;
  customerId: string;
  partnerId: string;
  firstVersion: number;
  lastVersion: number;
  /** As written: in the schema of their day, sealed into the stream's hash chain. */
  events: StoredChainEvent[];
  committedAt: Date;
  /** SHA-256 of the command's type and data: the same id sent with another request is refused, not answered. */
  requestHash?: string;
  /**
   * 'pending' from the moment the commit is stored until Kafka has acknowledged its events:
   * the outbox is the set of commits that carry it. Set by the event store, never by callers.
   */
  publication?: 'pending';
  /**
   * Which outbox publisher sends the commit: the events partition of its customer. Written with
   * the mark, by the event store; one publisher per shard keeps each customer's events in order.
   */
  outboxShard?: number;
}
