import { Collection, Db } from 'mongodb';
import { isDuplicateKeyError } from './mongo-errors';

export const OUTBOX_INTENTS_COLLECTION = 'outbox_intents';

/** One attempt at a commit on its way to Kafka: written just before the commit, deleted once it is published. */
export interface OutboxIntent {
  /** The attempt: its command id and time. A retried command's attempts each have their own. */
  _id: string;
  commandId: string;
  customerId: string;
  firstVersion: number;
  /**
   * The attempt's `committedAt`, as in the commit it writes: the outbox publishes a stored
   * commit only through the intent of the attempt that stored it. A late duplicate of a
   * command published long ago records an intent that matches no stored commit, so it
   * cannot publish that commit a second time.
   */
  committedAt: Date;
}

/**
 * The outbox as a collection of its own, holding only what is still to publish, so that a
 * publishing pass reads no more than the backlog. Asking the commits for the unpublished
 * ones read every event ever stored on FerretDB (a boolean filter reaches no index there).
 */
export class OutboxIntents {
  private readonly intents: Collection<OutboxIntent>;

  constructor(db: Db) {
    this.intents = db.collection<OutboxIntent>(OUTBOX_INTENTS_COLLECTION);
  }

  /**
   * Before the commit is written, so that no stored commit is ever without one. Recording
   * the same attempt twice (a legacy backlog adopted again) keeps the first.
   */
  async record(intent: OutboxIntent): Promise<void> {
    try {
      await this.intents.insertOne(intent);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  /** Every pending intent, oldest part of each customer's backlog first. */
  async pending(): Promise<OutboxIntent[]> {
    const intents = await this.intents.find({}).toArray();
    return intents.sort((a, b) => a.customerId.localeCompare(b.customerId) || a.firstVersion - b.firstVersion);
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.intents.deleteMany({ _id: { $in: ids } });
  }

  /** Every attempt at these commands: once one is published, the others have nothing left to do. */
  async removeCommands(commandIds: string[]): Promise<void> {
    if (commandIds.length > 0) await this.intents.deleteMany({ commandId: { $in: commandIds } });
  }

  async backlog(): Promise<{ commits: number; oldestCommittedAt?: Date }> {
    const intents = await this.intents.find({}, { projection: { committedAt: 1 } }).toArray();
    const oldest = intents.reduce<Date | undefined>((min, { committedAt }) => (!min || committedAt < min ? committedAt : min), undefined);
    return { commits: intents.length, oldestCommittedAt: oldest };
  }
}
