import { Collection, Db } from 'mongodb';

/** Where the previous version kept its outbox. */
export const LEGACY_OUTBOX_INTENTS_COLLECTION = 'outbox_intents';

/** One attempt at a commit on its way to Kafka, as the previous version wrote it just before the commit. */
export interface LegacyOutboxIntent {
  /** The attempt: its command id and time. */
  _id: string;
  commandId: string;
  customerId: string;
  firstVersion: number;
  /** The attempt's `committedAt`, as in the commit it wrote. */
  committedAt: Date;
}

/**
 * The previous version's outbox: a collection of intents, written before each commit and
 * deleted once it was published. Read only to adopt what is left in it (see
 * EventStore.adoptLegacyIntents); empty once every instance runs this version.
 */
export class LegacyOutboxIntents {
  private readonly intents: Collection<LegacyOutboxIntent>;

  constructor(db: Db) {
    this.intents = db.collection<LegacyOutboxIntent>(LEGACY_OUTBOX_INTENTS_COLLECTION);
  }

  async all(): Promise<LegacyOutboxIntent[]> {
    return this.intents.find({}).toArray();
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.intents.deleteMany({ _id: { $in: ids } });
  }
}
