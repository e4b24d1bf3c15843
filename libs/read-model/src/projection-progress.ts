import { Collection, Db } from 'mongodb';

export const PROJECTION_PROGRESS_COLLECTION = 'projection_progress';

/** How far the projector has got in one partition of the events topic. */
export interface PartitionProgress {
  _id: string;
  topic: string;
  partition: number;
  /** The next offset to read: everything before it is in the read model. */
  committedOffset: string;
  /** When the newest event applied from this partition happened. */
  lastEventAt?: string;
  updatedAt: Date;
}

/** Written by the projector after each batch, read by the lag report. */
export class ProjectionProgress {
  private readonly progress: Collection<PartitionProgress>;

  constructor(db: Db) {
    this.progress = db.collection<PartitionProgress>(PROJECTION_PROGRESS_COLLECTION);
  }

  async record(topic: string, partition: number, committedOffset: string, lastEventAt: string | undefined, now = new Date()): Promise<void> {
    await this.progress.updateOne(
      { _id: `${topic}:${partition}` },
      { $set: { topic, partition, committedOffset, updatedAt: now, ...(lastEventAt && { lastEventAt }) } },
      { upsert: true },
    );
  }

  async forTopic(topic: string): Promise<PartitionProgress[]> {
    return this.progress.find({ topic }).sort({ partition: 1 }).toArray();
  }
}
