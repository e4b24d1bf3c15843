import { StoredChainEvent } from './hash-chain';

/**
 * One command's events, written as one document. FerretDB has no transactions, so the
 * commit is the unit of atomicity: all of a command's events land together or not at all.
 * `_id` is the command id (a retried command cannot commit twice) and the unique
 * (customerId, firstVersion) index is the optimistic-concurrency check.
 */
export interface EventCommit {
  _id: string;
  commandType: string;
  customerId: string;
  partnerId: string;
  firstVersion: number;
  lastVersion: number;
  /** As written: in the schema of their day, sealed into the stream's hash chain. */
  events: StoredChainEvent[];
  committedAt: Date;
  /** Outbox flag: false until every event of the commit is acknowledged by Kafka. */
  published: boolean;
}
