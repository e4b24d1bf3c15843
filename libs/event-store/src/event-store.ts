import { RecordedEvent, StoredEvent } from '@app/domain';
import { Collection, Db } from 'mongodb';
import { CommandAlreadyCommitted, StreamVersionConflict } from './append-errors';
import { EventCommit } from './event-commit';
import { StoredChainEvent } from './hash-chain';
import { isDuplicateKeyError } from './mongo-errors';
import { ensureIndexes } from './mongo-indexes';
import { mapInParallel } from './map-in-parallel';
import { OutboxIntent, OutboxIntents } from './outbox-intents';

/** An intent this old without its commit belongs to a command that failed before committing. */
const ORPHAN_AFTER_MS = 10 * 60_000;

/** An attempt whose commit is not there this long after it began was most likely interrupted. */
const SURELY_WRITTEN_MS = 5_000;

/** Intents without their commit looked into side by side by the outbox (rare: crashes, races). */
const LOOKUPS_IN_FLIGHT = 16;

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

  private readonly outbox: OutboxIntents;

  constructor(
    readonly db: Db,
    private readonly opener: EventOpener,
  ) {
    this.commits = db.collection<EventCommit>(EVENT_COMMITS_COLLECTION);
    this.outbox = new OutboxIntents(db);
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.commits, [
      { key: { customerId: 1, firstVersion: 1 }, name: 'stream_position', unique: true },
    ]);
  }

  /**
   * Durable on return (the driver's default write concern waits for the journal on MongoDB).
   * The outbox intent goes first: a crash between the two leaves an intent without a
   * commit, which the outbox settles, never a commit that would not be published.
   */
  async append(commit: EventCommit): Promise<void> {
    const intent = intentOf(commit);
    await this.outbox.record(intent);
    try {
      await this.commits.insertOne(commit);
    } catch (error) {
      // Any other failure leaves the outcome unknown: the intent stays, for the outbox to settle.
      if (!isDuplicateKeyError(error)) throw error;
      await this.outbox.remove([intent._id]); // this attempt lost, for sure
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

  /** From the collection's metadata: may be off after an unclean shutdown of MongoDB. */
  async estimateCommits(): Promise<number> {
    return this.commits.estimatedDocumentCount();
  }

  /** Commits made in a time range (`to` excluded), oldest first: exports of a period. */
  async findCommitsBetween(from: Date, to: Date): Promise<EventCommit[]> {
    return this.commits.find({ committedAt: { $gte: from, $lt: to } }).sort({ committedAt: 1, customerId: 1, firstVersion: 1 }).toArray();
  }

  /**
   * Commits not yet acknowledged by Kafka, in stream order within each customer, read by id
   * through the outbox's intents. Whatever the limit cuts, each customer's share is the
   * oldest part of its backlog. An intent settles when its attempt's commit is stored (and
   * is published), when another attempt's commit is stored under its command id or at its
   * stream position (it lost), or after ORPHAN_AFTER_MS without either (its command failed
   * before committing). Until then it holds back the rest of its customer's backlog: its
   * commit may still land, and must go first.
   */
  async findUnpublished(limit: number): Promise<EventCommit[]> {
    const found: EventCommit[] = [];
    const settled: string[] = [];
    const heldBack = new Set<string>();
    const intents = (await this.outbox.pending()).slice(0, limit);
    const stored = await this.commitsById(intents.map((intent) => intent.commandId));
    const commits = await mapInParallel(intents, LOOKUPS_IN_FLIGHT, (intent) => this.commitOf(intent, stored.get(intent.commandId) ?? null));
    for (const [index, intent] of intents.entries()) {
      if (heldBack.has(intent.customerId)) continue;
      const commit = commits[index];
      if (typeof commit === 'object') found.push(commit);
      else if (commit === 'lost' || Date.now() - intent.committedAt.getTime() > ORPHAN_AFTER_MS) settled.push(intent._id);
      else heldBack.add(intent.customerId);
    }
    await this.outbox.remove(settled);
    return found;
  }

  private async commitsById(commandIds: string[]): Promise<Map<string, EventCommit>> {
    const commits = commandIds.length === 0 ? [] : await this.commits.find({ _id: { $in: commandIds } }).toArray();
    return new Map(commits.map((commit) => [commit._id, commit]));
  }

  /**
   * The intent's commit (`found` under its command id, if any), or where its attempt stands
   * without one. The stream position is looked at before the commit is looked for again:
   * had the attempt itself taken the position in between, the second look finds its commit.
   */
  private async commitOf(intent: OutboxIntent, found: EventCommit | null): Promise<EventCommit | 'lost' | 'not yet'> {
    const judge = (commit: EventCommit | null) => {
      if (!commit) return undefined;
      return commit.published !== true && commit.committedAt.getTime() === intent.committedAt.getTime() ? commit : 'lost';
    };
    const first = judge(found);
    if (first) return first;
    // Young: its commit is most likely being written right now, and the position is worth
    // a query only once a crash is likelier.
    if (Date.now() - intent.committedAt.getTime() < SURELY_WRITTEN_MS) return 'not yet';
    if (!(await this.isPositionTaken(intent))) return 'not yet';
    return judge(await this.findCommit(intent.commandId)) ?? 'lost';
  }

  private async isPositionTaken({ customerId, firstVersion }: OutboxIntent): Promise<boolean> {
    return (await this.commits.findOne({ customerId, lastVersion: { $gte: firstVersion } }, { projection: { _id: 1 } })) !== null;
  }

  async countUnpublished(): Promise<{ commits: number; oldestCommittedAt?: Date }> {
    return this.outbox.backlog();
  }

  /** Published: their intents go. The commits themselves are never written again. */
  async markPublished(commandIds: string[]): Promise<void> {
    await this.outbox.removeCommands(commandIds);
  }

  /**
   * Commits stored by earlier versions with `published: false` get intents, once, when a
   * publisher starts: one pass over the commits then, none afterwards.
   */
  async adoptLegacyBacklog(): Promise<number> {
    const legacy = await this.commits.find({ published: false }, { projection: { _id: 1, customerId: 1, firstVersion: 1, committedAt: 1 } }).toArray();
    for (const commit of legacy) await this.outbox.record(intentOf(commit));
    if (legacy.length > 0) await this.commits.updateMany({ _id: { $in: legacy.map((commit) => commit._id) } }, { $unset: { published: '' } });
    return legacy.length;
  }
}

function intentOf(commit: Pick<EventCommit, '_id' | 'customerId' | 'firstVersion' | 'committedAt'>): OutboxIntent {
  return { _id: `${commit._id}@${commit.committedAt.getTime()}`, commandId: commit._id, customerId: commit.customerId, firstVersion: commit.firstVersion, committedAt: commit.committedAt };
}
