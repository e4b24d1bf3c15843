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

export type ProgressMark = Pick<PartitionProgress, 'topic' | 'partition' | 'committedOffset' | 'lastEventAt'>;

/** Written by the projector as it applies batches, read by the lag report. */
export class ProjectionProgress {
  private readonly progress: Collection<PartitionProgress>;

  constructor(db: Db) {
    this.progress = db.collection<PartitionProgress>(PROJECTION_PROGRESS_COLLECTION);
  }

  /** One upsert a partition, in one round trip. */
  async recordAll(marks: ProgressMark[], now = new Date()): Promise<void> {
    if (marks.length === 0) return;
    await this.progress.bulkWrite(
      marks.map(({ topic, partition, committedOffset, lastEventAt }) => ({
        updateOne: {
          filter: { _id: `${topic}:${partition}` },
          update: { $set: { topic, partition, committedOffset, updatedAt: now, ...(lastEventAt && { lastEventAt }) } },
          upsert: true,
        },
      })),
      { ordered: false },
    );
  }

  async forTopic(topic: string): Promise<PartitionProgress[]> {
    return this.progress.find({ topic }).sort({ partition: 1 }).toArray();
  }
}
