import { Collection, Db } from 'mongodb';
import { isDuplicateKeyError } from '@app/mongo';

export const DEAD_LETTER_REDRIVES_COLLECTION = 'dead_letter_redrives';

/** What became of one redriven dead letter, kept so that none is redriven twice. */
export interface Redrive {
  /** The dead letter's place: `<topic>:<partition>:<offset>`. */
  _id: string;
  redrivenAt: Date;
  outcome: string;
}

/** The record of redrives: a dead letter is claimed before it is redriven, once. */
export class DeadLetterRedrives {
  private readonly redrives: Collection<Redrive>;

  constructor(db: Db) {
    this.redrives = db.collection<Redrive>(DEAD_LETTER_REDRIVES_COLLECTION);
  }

  /** False when the dead letter was redriven (or is being redriven) already. */
  async claim(id: string): Promise<boolean> {
    try {
      await this.redrives.insertOne({ _id: id, redrivenAt: new Date(), outcome: 'redriving' });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async record(id: string, outcome: string): Promise<void> {
    await this.redrives.updateOne({ _id: id }, { $set: { outcome, redrivenAt: new Date() } });
  }

  async all(): Promise<Map<string, Redrive>> {
    return new Map((await this.redrives.find().toArray()).map((redrive) => [redrive._id, redrive]));
  }
}
