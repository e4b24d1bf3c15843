import { Lease, LEASES_COLLECTION } from '@app/mongo';
import { Collection, Db } from 'mongodb';

export const OUTBOX_PUBLISHERS_COLLECTION = 'outbox_publishers';

interface PublisherDocument {
  _id: string;
  /** The outbox the publisher serves (its lease name): publishers of other topics are not counted. */
  outbox: string;
  until: Date;
}

/** The shards of the outbox this instance publishes, as the publisher asks for them between passes. */
export interface ShardClaims {
  /**
   * Takes and keeps this instance's share of the shards, giving up what is over it; the ones
   * it holds now, in order. Called between passes only, with every send of the last one marked.
   */
  claim(): Promise<number[]>;
  /** Keeps the held shards during a pass that outlasts half their lease. */
  renew(): Promise<void>;
  release(): Promise<void>;
}

/**
 * A lease per shard of the outbox, shared fairly among the live publishers: each one says it is
 * alive, and holds at most its share (the shards over the live publishers, rounded up). One
 * that joins gets shards as the others give up what is over their share; the shards of one
 * that died are free once their leases run out. A lease is only given up between
 * passes, so no two publishers ever send one shard's commits at once.
 */
export class OutboxShardClaims implements ShardClaims {
  private readonly leases: Lease[];
  private readonly leaseDocuments: Collection<{ _id: string; until: Date }>;
  private readonly publishers: Collection<PublisherDocument>;
  private readonly held = new Set<number>();
  /** Where this instance starts looking for free shards: publishers starting together take different ones. */
  private readonly firstLook: number;
  private lastLookAt = 0;
  private lastAliveAt = 0;

  /**
   * `lookEveryMs`: how often a claim looks for free shards and gives up its surplus (reads, and
   * writes only for a shard seen free), so that a shard given up is taken again within it.
   */
  constructor(
    db: Db,
    private readonly outbox: string,
    private readonly owner: string,
    shards: number,
    private readonly leaseMs: number,
    private readonly lookEveryMs = leaseMs / 3,
  ) {
    this.leases = Array.from({ length: shards }, (_, shard) => new Lease(db, this.leaseName(shard), owner, leaseMs));
    this.leaseDocuments = db.collection(LEASES_COLLECTION);
    this.publishers = db.collection<PublisherDocument>(OUTBOX_PUBLISHERS_COLLECTION);
    this.firstLook = [...owner].reduce((sum, char) => sum + char.charCodeAt(0), 0) % shards;
  }

  async claim(now = new Date()): Promise<number[]> {
    for (const shard of [...this.held]) if (!(await this.leases[shard].hold(now))) this.held.delete(shard);
    if (now.getTime() - this.lastLookAt >= this.lookEveryMs) {
      this.lastLookAt = now.getTime();
      const share = await this.shareAmongLive(now);
      for (const shard of [...this.held].reverse().slice(0, Math.max(0, this.held.size - share))) {
        await this.leases[shard].release();
        this.held.delete(shard);
      }
      if (this.held.size < share) {
        // Only a shard seen free is asked for: a publisher at its share writes nothing here.
        const taken = new Map(
          (await this.leaseDocuments.find({ _id: { $in: this.leases.map((_, shard) => this.leaseName(shard)) } }).toArray()).map(
            (lease) => [lease._id, lease.until.getTime()],
          ),
        );
        for (let i = 0; i < this.leases.length && this.held.size < share; i++) {
          const shard = (this.firstLook + i) % this.leases.length;
          const free = (taken.get(this.leaseName(shard)) ?? 0) < now.getTime();
          if (!this.held.has(shard) && free && (await this.leases[shard].acquire(now))) this.held.add(shard);
        }
      }
    }
    return [...this.held].sort((a, b) => a - b);
  }

  async renew(): Promise<void> {
    await Promise.all([...this.held].map((shard) => this.leases[shard].acquire()));
  }

  async release(): Promise<void> {
    this.lastLookAt = 0;
    this.lastAliveAt = 0;
    await Promise.all([...this.held].map((shard) => this.leases[shard].release()));
    this.held.clear();
    await this.publishers.deleteOne({ _id: this.publisherId });
  }

  private get publisherId(): string {
    return `${this.outbox}:${this.owner}`;
  }

  private leaseName(shard: number): string {
    return `${this.outbox}:${shard}`;
  }

  /** Says this publisher is alive (a few times a lease), then counts the live ones, itself among them. */
  private async shareAmongLive(now: Date): Promise<number> {
    if (now.getTime() - this.lastAliveAt >= this.leaseMs / 3) {
      this.lastAliveAt = now.getTime();
      await this.publishers.updateOne(
        { _id: this.publisherId },
        { $set: { outbox: this.outbox, until: new Date(now.getTime() + this.leaseMs) } },
        { upsert: true },
      );
      // A publisher that died says nothing more: its word is removed a lease after it ran out.
      await this.publishers.deleteMany({ outbox: this.outbox, until: { $lt: new Date(now.getTime() - this.leaseMs) } });
    }
    const live = await this.publishers.countDocuments({ outbox: this.outbox, until: { $gte: now } });
    return Math.ceil(this.leases.length / Math.max(1, live));
  }
}
