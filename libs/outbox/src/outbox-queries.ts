import { EVENT_COMMITS_COLLECTION, EventCommit, PENDING_PUBLICATION } from '@app/event-store';
import { Collection, Db } from 'mongodb';

/**
 * The outbox as the event store leaves it: the commits still marked for publication. The
 * event store writes the mark with each commit, in the same single-document insert; these
 * queries find the marked commits, count them and remove the mark once Kafka has them.
 */
export class OutboxQueries {
  private readonly commits: Collection<EventCommit>;

  constructor(db: Db) {
    this.commits = db.collection<EventCommit>(EVENT_COMMITS_COLLECTION);
  }

  /**
   * The shards' commits not yet acknowledged by Kafka, in stream order within each customer. Whatever
   * the limit cuts, each customer's share is the oldest part of its backlog. A commit is
   * stored only once its predecessor is (it was decided on a state that held it), so no
   * later commit of a customer can be found before an earlier unpublished one.
   */
  async findUnpublished(shards: number[], limit: number): Promise<EventCommit[]> {
    const commits = await this.commits
      .find({ publication: PENDING_PUBLICATION, outboxShard: { $in: shards } })
      .sort({ customerId: 1, firstVersion: 1 })
      .limit(limit)
      .toArray();
    return commits.map(({ publication: _publication, outboxShard: _shard, ...commit }) => commit);
  }

  /**
   * Gives a shard to the unpublished commits stored without one, by an event store before
   * shards (or one not told them). Every publisher computes the same shard, so any may do it;
   * each pass does it before it looks for its own shards' commits.
   */
  async assignMissingShards(shardOf: (customerId: string) => number): Promise<number> {
    const unassigned = await this.commits
      .find({ publication: PENDING_PUBLICATION, outboxShard: { $exists: false } }, { projection: { customerId: 1 } })
      .limit(1_000)
      .toArray();
    if (unassigned.length === 0) return 0;
    await this.commits.bulkWrite(
      unassigned.map(({ _id, customerId }) => ({
        updateOne: { filter: { _id, outboxShard: { $exists: false } }, update: { $set: { outboxShard: shardOf(customerId) } } },
      })),
      { ordered: false },
    );
    return unassigned.length;
  }

  async countUnpublished(): Promise<{ commits: number; oldestCommittedAt?: Date }> {
    const pending = await this.commits.find({ publication: PENDING_PUBLICATION }, { projection: { committedAt: 1 } }).toArray();
    const oldest = pending.reduce<Date | undefined>((min, { committedAt }) => (!min || committedAt < min ? committedAt : min), undefined);
    return { commits: pending.length, oldestCommittedAt: oldest };
  }

  /** Published. The events themselves are never written again. */
  async markPublished(commandIds: string[]): Promise<void> {
    if (commandIds.length > 0) await this.commits.updateMany({ _id: { $in: commandIds } }, { $unset: { publication: '' } });
  }
}
