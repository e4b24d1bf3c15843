import { Collection, Db } from 'mongodb';
import { isDuplicateKeyError } from './mongo-errors';
import { ensureIndexes } from './mongo-indexes';

export const COMMAND_LOG_COLLECTION = 'command_log';

interface CommandLogEntry<Result> {
  _id: string;
  customerId: string;
  commandType: string;
  result: Result;
  recordedAt: Date;
}

/**
 * The first result of every command id, accepted or rejected: what a retry gets back,
 * and the record of rejected commands that auditors read.
 */
export class CommandLog<Result> {
  private readonly entries: Collection<CommandLogEntry<Result>>;

  constructor(db: Db) {
    this.entries = db.collection<CommandLogEntry<Result>>(COMMAND_LOG_COLLECTION);
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.entries, [{ key: { customerId: 1, recordedAt: 1 }, name: 'customer_history' }]);
  }

  async find(commandId: string): Promise<Result | null> {
    const entry = await this.entries.findOne({ _id: commandId });
    return entry?.result ?? null;
  }

  /** Records the result unless one is already there; returns whichever result is now the first. */
  async recordFirst(commandId: string, customerId: string, commandType: string, result: Result, recordedAt: Date): Promise<Result> {
    try {
      await this.entries.insertOne({ _id: commandId, customerId, commandType, result, recordedAt });
      return result;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return (await this.find(commandId)) ?? result;
    }
  }
}
