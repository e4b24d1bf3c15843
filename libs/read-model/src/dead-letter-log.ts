import { Collection, Db } from 'mongodb';

export const DEAD_LETTERS_COLLECTION = 'projection_dead_letters';

interface DeadLetterEntry {
  _id: string;
  reason: string;
  customerId?: string;
  version?: number;
  deadLetteredAt: Date;
}

/**
 * What the projector has already sent to the dead-letter topic. A poison event stored in
 * the event store meets the projector again whenever a later event of its stream heals
 * the gap it leaves; it is dead-lettered once, not each time.
 */
export class DeadLetterLog {
  private readonly entries: Collection<DeadLetterEntry>;

  constructor(db: Db) {
    this.entries = db.collection<DeadLetterEntry>(DEAD_LETTERS_COLLECTION);
  }

  async alreadySent(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const found = await this.entries.find({ _id: { $in: ids } }, { projection: { _id: 1 } }).toArray();
    return new Set(found.map((entry) => entry._id));
  }

  async record(entries: Omit<DeadLetterEntry, 'deadLetteredAt'>[], now = new Date()): Promise<void> {
    if (entries.length === 0) return;
    await this.entries.bulkWrite(
      entries.map(({ _id, ...entry }) => ({
        updateOne: { filter: { _id }, update: { $setOnInsert: { ...entry, deadLetteredAt: now } }, upsert: true },
      })),
      { ordered: false },
    );
  }
}
