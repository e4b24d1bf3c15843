import { RecordedEvent, StoredEvent } from '@app/domain';
import { Collection, Db } from 'mongodb';
import { CommandAlreadyCommitted, StreamVersionConflict } from './append-errors';
import { EventCommit } from './event-commit';
import { StoredChainEvent } from './hash-chain';
import { isDuplicateKeyError } from './mongo-errors';
import { ensureIndexes } from './mongo-indexes';

export const EVENT_COMMITS_COLLECTION = 'event_commits';

/** One customer's stream as stored, and how many commits it took. */
export interface StoredStream {
  customerId: string;
  commits: number;
  events: StoredChainEvent[];
}

/**
 * Turns events as stored into events in today's schema with their personal values
 * readable (or erased): the personal-data vault.
 */
export interface EventOpener {
  open(stored: StoredEvent[]): Promise<RecordedEvent[]>;
}

/** The source of truth: every customer's stream of events, in commits. */
export class EventStore {
  private readonly commits: Collection<EventCommit>;

  constructor(
    readonly db: Db,
    private readonly opener: EventOpener,
  ) {
    this.commits = db.collection<EventCommit>(EVENT_COMMITS_COLLECTION);
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.commits, [
      { key: { customerId: 1, firstVersion: 1 }, name: 'stream_position', unique: true },
      { key: { published: 1, customerId: 1, firstVersion: 1 }, name: 'outbox' },
    ]);
  }

  /** Durable on return (the driver's default write concern waits for the journal on MongoDB). */
  async append(commit: EventCommit): Promise<void> {
    try {
      await this.commits.insertOne(commit);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // Which unique key was hit? FerretDB does not always say, so ask.
      if (await this.findCommit(commit._id)) throw new CommandAlreadyCommitted(commit._id);
      throw new StreamVersionConflict(commit.customerId, commit.firstVersion);
    }
  }

  async findCommit(commandId: string): Promise<EventCommit | null> {
    return this.commits.findOne({ _id: commandId });
  }

  /** The stream's events in order, from `fromVersion` on, in today's schema, opened. */
  async readStream(customerId: string, fromVersion = 1): Promise<RecordedEvent[]> {
    return this.open(await this.readStoredStream(customerId, fromVersion));
  }

  /** Stored events (from a scan or a commit) as readers want them: in today's schema, opened. */
  open(stored: StoredEvent[]): Promise<RecordedEvent[]> {
    return this.opener.open(stored);
  }

  /** The stream's events exactly as stored, in stored order: what the hash chain covers. */
  async readStoredStream(customerId: string, fromVersion = 1): Promise<StoredChainEvent[]> {
    const commits = await this.commits
      .find({ customerId, lastVersion: { $gte: fromVersion } }, { projection: { events: 1 } })
      .sort({ firstVersion: 1 })
      .toArray();
    return commits.flatMap((commit) => commit.events).filter((event) => event.version >= fromVersion);
  }

  /**
   * Every stream, customer by customer in id order (after `afterCustomerId`, to resume),
   * each as stored: one pass over the store for rebuilds and verification.
   */
  async *scanStreams(afterCustomerId?: string): AsyncGenerator<StoredStream> {
    const cursor = this.commits
      .find(afterCustomerId === undefined ? {} : { customerId: { $gt: afterCustomerId } }, { projection: { customerId: 1, events: 1 } })
      .sort({ customerId: 1, firstVersion: 1 })
      .batchSize(1_000);
    let current: StoredStream | undefined;
    try {
      for await (const commit of cursor) {
        if (current && current.customerId !== commit.customerId) yield current;
        if (!current || current.customerId !== commit.customerId) current = { customerId: commit.customerId, commits: 0, events: [] };
        current.commits += 1;
        current.events.push(...commit.events);
      }
      if (current) yield current;
    } finally {
      await cursor.close();
    }
  }

  async countCommits(): Promise<number> {
    return this.commits.countDocuments();
  }

  /** Commits made in a time range (`to` excluded), oldest first: exports of a period. */
  async findCommitsBetween(from: Date, to: Date): Promise<EventCommit[]> {
    return this.commits.find({ committedAt: { $gte: from, $lt: to } }).sort({ committedAt: 1, customerId: 1, firstVersion: 1 }).toArray();
  }

  /**
   * Commits not yet acknowledged by Kafka, in stream order within each customer. Sorted by
   * customer and version rather than by time: whatever the limit cuts, each customer's
   * share is the oldest part of its backlog, so publishing it keeps the stream order.
   */
  async findUnpublished(limit: number): Promise<EventCommit[]> {
    return this.commits.find({ published: false }).sort({ customerId: 1, firstVersion: 1 }).limit(limit).toArray();
  }

  async countUnpublished(): Promise<{ commits: number; oldestCommittedAt?: Date }> {
    const [commits, oldest] = await Promise.all([
      this.commits.countDocuments({ published: false }),
      this.commits.find({ published: false }, { projection: { committedAt: 1 } }).sort({ committedAt: 1 }).limit(1).next(),
    ]);
    return { commits, oldestCommittedAt: oldest?.committedAt };
  }

  /**
   * One statement for the whole batch: FerretDB on SQLite scans the collection once for it,
   * where an update per commit would scan it once each (and many statements in one command
   * can exhaust its connections, see write-batches.ts).
   */
  async markPublished(commandIds: string[]): Promise<void> {
    if (commandIds.length === 0) return;
    await this.commits.updateMany({ _id: { $in: commandIds } }, { $set: { published: true } });
  }
}
