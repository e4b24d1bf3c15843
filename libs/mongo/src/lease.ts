import { Collection, Db } from 'mongodb';
import { isDuplicateKeyError } from './mongo-errors';

export const LEASES_COLLECTION = 'leases';

interface LeaseDocument {
  _id: string;
  owner: string;
  until: Date;
}

/**
 * A named lease that at most one owner holds at a time, on single-document atomicity
 * (no transactions on FerretDB): taken when free or expired, renewed by its owner.
 */
export class Lease {
  private readonly leases: Collection<LeaseDocument>;

  /** Until when this owner surely holds the lease, by its own clock, as of its last renewal. */
  private heldUntil = 0;

  constructor(
    db: Db,
    private readonly name: string,
    private readonly owner: string,
    private readonly durationMs: number,
  ) {
    this.leases = db.collection<LeaseDocument>(LEASES_COLLECTION);
  }

  /** Takes or renews the lease; true while this owner holds it. */
  async acquire(now = new Date()): Promise<boolean> {
    try {
      const taken = await this.leases.findOneAndUpdate(
        { _id: this.name, $or: [{ owner: this.owner }, { until: { $lt: now } }] },
        { $set: { owner: this.owner, until: new Date(now.getTime() + this.durationMs) } },
        { upsert: true, returnDocument: 'after' },
      );
      const held = taken?.owner === this.owner;
      this.heldUntil = held ? now.getTime() + this.durationMs : 0;
      return held;
    } catch (error) {
      this.heldUntil = 0;
      // Held by someone else: the filter missed, and the upsert's insert hit the existing _id.
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /**
   * Renews only once half the lease is gone: a holder asked many times a second (the
   * outbox, woken by every commit) would otherwise write the lease as often.
   */
  async hold(now = new Date()): Promise<boolean> {
    return this.heldUntil - now.getTime() > this.durationMs / 2 || this.acquire(now);
  }

  /** Whether some owner, this one or another, holds the lease now. */
  async isHeld(now = new Date()): Promise<boolean> {
    return (await this.leases.countDocuments({ _id: this.name, until: { $gte: now } })) > 0;
  }

  async release(): Promise<void> {
    this.heldUntil = 0;
    await this.leases.deleteOne({ _id: this.name, owner: this.owner });
  }
}
