import { Collection, Db } from 'mongodb';
import { findByIds } from '@app/mongo';
import { isDuplicateKeyError } from '@app/mongo';
import { RequestBatcher } from '@app/concurrency';
import { ensureIndexes } from '@app/mongo';

export const COMMAND_LOG_COLLECTION = 'command_log';

export interface CommandLogEntry<Result> {
  /** The command id, scoped by the partner as a commit's is when another partner took it first. */
  _id: string;
  /** The command id as its sender gave it, when `_id` is scoped. */
  commandId?: string;
  customerId: string;
  commandType: string;
  result: Result;
  recordedAt: Date;
  /** Who sent it and in which conversation: what an auditor asks of a rejected command too. */
  actor: { userPrincipalName: string; applicationId: string; partnerId: string };
  correlationId: string;
  /** The sender's reason for change, when it gave one. */
  reason?: string;
  /** SHA-256 of the command's type and data, as on a commit. */
  requestHash?: string;
}

/**
 * The first result of every command id, accepted or rejected: what a retry gets back,
 * and the record of rejected commands that auditors read.
 */
export class CommandLog<Result> {
  private readonly entries: Collection<CommandLogEntry<Result>>;

  /** Every new command looks here first: those arriving together are looked up in one query. */
  private readonly lookups: RequestBatcher<string, CommandLogEntry<Result> | null>;

  constructor(db: Db) {
    this.entries = db.collection<CommandLogEntry<Result>>(COMMAND_LOG_COLLECTION);
    this.lookups = new RequestBatcher((commandIds) => findByIds(this.entries, commandIds));
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.entries, [
      { key: { customerId: 1, recordedAt: 1 }, name: 'customer_history' },
      { key: { 'actor.partnerId': 1, recordedAt: 1 }, name: 'sender_partner_period' },
      { key: { recordedAt: 1 }, name: 'period' },
    ]);
  }

  async find(commandId: string): Promise<CommandLogEntry<Result> | null> {
    return this.lookups.request(commandId);
  }

  /** Records the entry unless one is already there; returns whichever entry is now the first. */
  async recordFirst(entry: CommandLogEntry<Result>): Promise<CommandLogEntry<Result>> {
    try {
      await this.entries.insertOne(entry);
      return entry;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return (await this.find(entry._id)) ?? entry;
    }
  }

  /** When the first command at or after `from` was logged (of one sender's partner, if given). */
  async firstRecordedAt(from: Date, senderPartnerId?: string): Promise<Date | undefined> {
    const first = await this.entries.findOne(
      { recordedAt: { $gte: from }, ...(senderPartnerId !== undefined && { 'actor.partnerId': senderPartnerId }) },
      { sort: { recordedAt: 1 }, projection: { recordedAt: 1 } },
    );
    return first?.recordedAt;
  }

  /** Commands logged in a time range (`to` excluded), oldest first; of one sender's partner, if given. */
  async findBetween(from: Date, to: Date, senderPartnerId?: string): Promise<CommandLogEntry<Result>[]> {
    const filter = { recordedAt: { $gte: from, $lt: to }, ...(senderPartnerId !== undefined && { 'actor.partnerId': senderPartnerId }) };
    return this.entries.find(filter).sort({ recordedAt: 1 }).toArray() as Promise<CommandLogEntry<Result>[]>;
  }

  /**
   * A page of the commands a partner's senders had rejected in a time range, oldest first,
   * after a (time, id) position: keyset pages that stay stable while more commands come in.
   */
  async findRejectedPage(
    senderPartnerId: string,
    period: { from: Date; to: Date },
    after: { at: Date; id: string } | undefined,
    limit: number,
    customerId?: string,
  ): Promise<CommandLogEntry<Result>[]> {
    const filter = {
      'actor.partnerId': senderPartnerId,
      recordedAt: { $gte: period.from, $lt: period.to },
      'result.outcome': 'rejected',
      ...(customerId !== undefined && { customerId }),
      ...(after && { $or: [{ recordedAt: { $gt: after.at } }, { recordedAt: after.at, _id: { $gt: after.id } }] }),
    };
    return this.entries.find(filter).sort({ recordedAt: 1, _id: 1 }).limit(limit).toArray() as Promise<CommandLogEntry<Result>[]>;
  }

  /** Every command of the customer that was logged, oldest first. */
  async findByCustomer(customerId: string): Promise<CommandLogEntry<Result>[]> {
    return this.entries.find({ customerId }).sort({ recordedAt: 1 }).toArray() as Promise<CommandLogEntry<Result>[]>;
  }
}
