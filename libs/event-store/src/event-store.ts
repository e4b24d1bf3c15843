import { RecordedEvent, StoredEvent } from '@app/domain';
import { Collection, Db, FindCursor, IndexDescription } from 'mongodb';
import { CommandAlreadyCommitted, StreamVersionConflict } from './append-errors';
import { EventCommit, PENDING_PUBLICATION } from './event-commit';
import { StoredChainEvent } from './hash-chain';
import { ensureIndexes, findByIds, insertEach, isDuplicateKeyError } from '@app/mongo';
import { RequestBatcher } from '@app/concurrency';
import { customerIdCondition, CustomerIdRange, customerIdRanges } from './customer-id-ranges';

export const EVENT_COMMITS_COLLECTION = 'event_commits';

/** Marks a commit not yet acknowledged by Kafka: a string, so that FerretDB narrows the query by its index. */

/**
 * A scan of every stream reads the customer ids (GUIDs, in either case) a range at a time,
 * each range's query sent while the one before is read. FerretDB sorts what a query finds in
 * memory before it returns the first document: one query for the whole store kept the reader
 * idle while the server decoded and sorted every commit, and then the server idle while the
 * reader worked. The first range, ids that start with 0, is half the size of the others, so
 * that the reader waits half as long for its first stream (a replay of 100,000 events: 0.5 ->
 * 0.3 s).
 */
const SCAN_RANGE_BOUNDS = ['1', '2', '4', '6', '8', 'A', 'C', 'E', 'a', 'c', 'e'];

/** The server no longer has the cursor asked for (it timed out idle, or was killed). */
const CURSOR_NOT_FOUND = 43;

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
  /** As a fold needs them: without the old values of changes, which evolving never reads. */
  openToFold(stored: StoredEvent[]): Promise<RecordedEvent[]>;
  /** As a fold of each customer's events through to the last given needs them: nor values set again later. */
  openToFoldThroughTheLast(stored: StoredEvent[]): Promise<RecordedEvent[]>;
}

/** Where a stream stood after one commit: its version, and the chain hash of that event. */
export interface CommittedHead {
  partnerId: string;
  customerId: string;
  version: number;
  hash: string;
}

/**
 * The audit's reads of the commits, each served by an index every commit keeps up (exported
 * so that the bench's raw ceiling writes its commits with the same ones).
 */
export const AUDIT_INDEXES: readonly IndexDescription[] = [
  // A partner's audit reads (exports of a period, verification) touch only its own commits.
  { key: { partnerId: 1, committedAt: 1 }, name: 'partner_period' },
  { key: { partnerId: 1, customerId: 1, firstVersion: 1 }, name: 'partner_streams' },
  { key: { committedAt: 1 }, name: 'period' },
  // A partner's history across its customers, of one operation type.
  { key: { partnerId: 1, 'events.operationType': 1, committedAt: 1 }, name: 'partner_operation_period' },
];

/** The source of truth: every customer's stream of events, in commits. */
export class EventStore {
  private readonly commits: Collection<EventCommit>;

  /** Commits of commands decided side by side go in one insert. */
  private readonly inserts: RequestBatcher<EventCommit, void>;

  private readonly lookups: RequestBatcher<string, EventCommit | null>;

  /** `outboxShardOf`: the shard of the outbox that publishes a customer's commits (see EventCommit). */
  constructor(
    readonly db: Db,
    private readonly opener: EventOpener,
    private readonly outboxShardOf: (customerId: string) => number = () => 0,
  ) {
    this.commits = db.collection<EventCommit>(EVENT_COMMITS_COLLECTION);
    this.inserts = new RequestBatcher((commits) => insertEach(this.commits, commits));
    this.lookups = new RequestBatcher((commandIds) => findByIds(this.commits, commandIds));
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.commits, [
      { key: { customerId: 1, firstVersion: 1 }, name: 'stream_position', unique: true },
      // The outbox's backlog (libs/outbox), in stream order.
      { key: { publication: 1, outboxShard: 1, customerId: 1, firstVersion: 1 }, name: 'unpublished_by_shard' },
      ...AUDIT_INDEXES,
    ]);
  }

  /**
   * Durable on return (the driver's default write concern waits for the journal on MongoDB).
   * The commit is written marked for the outbox, in the same single-document write: stored
   * and to be published, or neither. A lost race or a late duplicate writes nothing at all.
   * Commits appended meanwhile by other commands go in the same insert, each with its own
   * outcome (the insert is unordered: one command's lost race fails no other).
   */
  async append(commit: EventCommit): Promise<void> {
    try {
      await this.inserts.request({ ...commit, publication: PENDING_PUBLICATION, outboxShard: this.outboxShardOf(commit.customerId) });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // Which unique key was hit? FerretDB does not always say, so ask.
      if (await this.findCommit(commit._id)) throw new CommandAlreadyCommitted(commit._id);
      throw new StreamVersionConflict(commit.customerId, commit.firstVersion);
    }
  }

  async findCommit(commandId: string): Promise<EventCommit | null> {
    return this.lookups.request(commandId);
  }

  /** The stream's events in order, from `fromVersion` on, in today's schema, opened. */
  async readStream(customerId: string, fromVersion = 1): Promise<RecordedEvent[]> {
    return this.open(await this.readStoredStream(customerId, fromVersion));
  }

  /** Stored events (from a scan or a commit) as readers want them: in today's schema, opened. */
  open(stored: StoredEvent[]): Promise<RecordedEvent[]> {
    return this.opener.open(stored);
  }

  /** Stored events as a fold needs them: opened, old values of changes left out. */
  openToFold(stored: StoredEvent[]): Promise<RecordedEvent[]> {
    return this.opener.openToFold(stored);
  }

  /**
   * Whole streams (a scan's, a stream read from its start) as their fold needs them: opened,
   * old values of changes and values a later change sets again left out.
   */
  openToFoldThroughTheLast(stored: StoredEvent[]): Promise<RecordedEvent[]> {
    return this.opener.openToFoldThroughTheLast(stored);
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
  async *scanStreams(afterCustomerId?: string, partnerId?: string): AsyncGenerator<StoredStream> {
    const ranges = customerIdRanges(SCAN_RANGE_BOUNDS, afterCustomerId);
    const opened: FindCursor<Pick<EventCommit, 'customerId' | 'events'>>[] = [];
    // The query goes at once: the server finds and sorts the range while the one before is read.
    // Strings are not checked for valid UTF-8 as they are decoded (a loop over every character
    // of every string, a visible share of a replay's CPU): this driver wrote them, and a damaged one
    // would read with U+FFFD in it and fail its hash when the chains are verified, naming its
    // commit, where the check would fail the whole scan.
    const query = (range: CustomerIdRange, after = afterCustomerId) => {
      const cursor = this.commits
        .find(
          { customerId: customerIdCondition(range, after), ...(partnerId !== undefined && { partnerId }) },
          { projection: { customerId: 1, events: 1 }, enableUtf8Validation: false },
        )
        .sort({ customerId: 1, firstVersion: 1 })
        .batchSize(1_000);
      opened.push(cursor);
      const answered = cursor.hasNext();
      // Awaited before the range is read; until then a failure must not count as unhandled.
      answered.catch(() => undefined);
      return { cursor, answered };
    };
    try {
      let next = ranges.length > 0 ? query(ranges[0]) : undefined;
      for (let i = 0; next; i++) {
        const { cursor, answered } = next;
        next = i + 1 < ranges.length ? query(ranges[i + 1]) : undefined;
        await answered;
        let last: string | undefined;
        try {
          for await (const stream of streamsOf(cursor)) {
            yield stream;
            last = stream.customerId;
          }
        } catch (error) {
          // A range queried ahead waits, its first batch read, while the one before is read: over
          // a large store that can outlast the server's timeout for idle cursors (ten minutes on
          // MongoDB). The range is asked for again from the last stream given whole.
          if ((error as { code?: number }).code !== CURSOR_NOT_FOUND) throw error;
          yield* streamsOf(query(ranges[i], last ?? afterCustomerId).cursor);
        }
      }
    } finally {
      // Cleanup: a cursor the server has dropped may fail to close, and must not fail the scan.
      await Promise.all(opened.map((cursor) => cursor.close().catch(() => undefined)));
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
  /** When the first commit at or after `from` was made (of one partner, if given). */
  async firstCommittedAt(from: Date, partnerId?: string): Promise<Date | undefined> {
    const first = await this.commits.findOne(
      { committedAt: { $gte: from }, ...(partnerId !== undefined && { partnerId }) },
      { sort: { committedAt: 1 }, projection: { committedAt: 1 } },
    );
    return first?.committedAt;
  }

  /**
   * The last event of each commit made in a time range (`to` excluded), of any partner:
   * what integrity digests sign. Events older than the hash chain carry no hash and are left out.
   */
  async headsCommittedBetween(from: Date, to: Date): Promise<CommittedHead[]> {
    const commits = await this.commits
      .find({ committedAt: { $gte: from, $lt: to } }, { projection: { partnerId: 1, customerId: 1, lastVersion: 1, events: 1 } })
      .toArray();
    return commits.flatMap(({ partnerId, customerId, lastVersion, events }) => {
      const hash = events.at(-1)?.hash;
      return hash ? [{ partnerId, customerId, version: lastVersion, hash }] : [];
    });
  }

  /** Each customer's stored events, chain hashes only, by version: what a copy of the events is compared with. */
  async storedHashesOf(customerIds: string[]): Promise<Map<string, Map<number, string | undefined>>> {
    const hashes = new Map<string, Map<number, string | undefined>>(customerIds.map((id) => [id, new Map()]));
    const commits = await this.commits.find({ customerId: { $in: customerIds } }, { projection: { customerId: 1, events: 1 } }).toArray();
    for (const commit of commits) for (const event of commit.events) hashes.get(commit.customerId)?.set(event.version, event.hash);
    return hashes;
  }

  /** The versions of commits the outbox has not yet published: on no topic yet, and rightly so. */
  async unpublishedVersions(): Promise<Array<{ customerId: string; firstVersion: number; lastVersion: number }>> {
    return this.commits
      .find({ publication: PENDING_PUBLICATION }, { projection: { _id: 0, customerId: 1, firstVersion: 1, lastVersion: 1 } })
      .toArray();
  }

  /**
   * A page of a partner's commits in a time range, oldest first, after a (time, id) position:
   * keyset pages from the partner's indexes, stable while more commits come in.
   */
  async findCommitsPage(
    partnerId: string,
    period: { from: Date; to: Date },
    after: { at: Date; id: string } | undefined,
    limit: number,
    filter: { customerId?: string; operationTypes?: string[] } = {},
  ): Promise<EventCommit[]> {
    return this.commits
      .find({
        partnerId,
        committedAt: { $gte: period.from, $lt: period.to },
        ...(filter.customerId !== undefined && { customerId: filter.customerId }),
        ...(filter.operationTypes !== undefined && { 'events.operationType': { $in: filter.operationTypes } }),
        ...(after && { $or: [{ committedAt: { $gt: after.at } }, { committedAt: after.at, _id: { $gt: after.id } }] }),
      })
      .sort({ committedAt: 1, _id: 1 })
      .limit(limit)
      .toArray();
  }

  async findCommitsBetween(from: Date, to: Date, partnerId?: string): Promise<EventCommit[]> {
    return this.commits
      .find({ committedAt: { $gte: from, $lt: to }, ...(partnerId !== undefined && { partnerId }) })
      .sort({ committedAt: 1, customerId: 1, firstVersion: 1 })
      .toArray();
  }
}

/** Commits sorted by customer, then stream position, as one stream a customer. */
async function* streamsOf(commits: AsyncIterable<Pick<EventCommit, 'customerId' | 'events'>>): AsyncGenerator<StoredStream> {
  let current: StoredStream | undefined;
  for await (const commit of commits) {
    if (current && current.customerId !== commit.customerId) yield current;
    if (!current || current.customerId !== commit.customerId) current = { customerId: commit.customerId, commits: 0, events: [] };
    current.commits += 1;
    current.events.push(...commit.events);
  }
  if (current) yield current;
}
