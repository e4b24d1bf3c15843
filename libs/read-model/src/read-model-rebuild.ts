import { fold, RecordedEvent, StoredEvent } from '@app/domain';
import { StoredStream } from '@app/event-store';
import { Lease } from '@app/mongo';
import { Collection, Db } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { CustomerAccountDocument } from './customer-account-document';
import { FixedReadModelLocation, POINTER_CACHE_MS, READ_MODEL_POINTERS_COLLECTION, ReadModelPointer } from './read-model-pointer';
import { ReadModelRepository, toDocument } from './read-model-repository';

export interface StreamSource {
  /** Exact. */
  countCommits(): Promise<number>;
  /** Cheap, and good enough for a progress bar. */
  estimateCommits(): Promise<number>;
  scanStreams(afterCustomerId?: string): AsyncIterable<StoredStream>;
  openToFoldThroughTheLast(stored: StoredEvent[]): Promise<RecordedEvent[]>;
}

export interface RebuildProgress {
  phase: 'building' | 'catching-up' | 'done';
  commitsDone: number;
  commitsTotal: number;
  eventsDone: number;
  customersDone: number;
}

export interface RebuildReport {
  collection: string;
  previousCollection: string;
  resumed: boolean;
  events: number;
  customers: number;
  /** Accounts that moved on while the rebuild ran, brought up to date after the switch. */
  caughtUp: number;
}

/** What survives an interrupted rebuild, so that the next run goes on where it stopped. */
interface RebuildState {
  _id: 'rebuild';
  target: string;
  /** `reading-both`: readers look in both collections; `switched`: the projector writes the rebuilt one. */
  phase: 'building' | 'reading-both' | 'switched';
  afterCustomerId?: string;
  commitsDone: number;
  eventsDone: number;
  customersDone: number;
  previousCollection?: string;
}

/** What a rebuild has saved of its progress, as any instance can read it. */
export type SavedRebuild = Pick<RebuildState, 'target' | 'phase' | 'commitsDone' | 'eventsDone' | 'customersDone'>;

const CUSTOMERS_PER_WRITE = 500;

/** The lease that lets one rebuild run in the cluster at a time; renewed a third of the way through. */
const REBUILD_LEASE = 'read-model-rebuild';
const REBUILD_LEASE_MS = 60_000;

/** Another instance, or the CLI, is rebuilding: two rebuilds would fight over one pointer. */
export class RebuildAlreadyRunning extends Error {
  constructor() {
    super('A replay of the read model is already running in the cluster');
  }
}

/**
 * Replays the whole event store into a fresh collection while the live one keeps serving,
 * then switches readers and the projector over. Interrupted, it resumes from the last
 * customer it saved. After the switch it waits until no projector can still hold the old
 * pointer, then brings up to date every account that moved on meanwhile.
 */
export class ReadModelRebuild {
  private readonly states: Collection<RebuildState>;

  constructor(
    private readonly db: Db,
    private readonly source: StreamSource,
    private readonly pointer = new ReadModelPointer(db),
    private readonly settleMs = 2 * POINTER_CACHE_MS + 1_000,
    private readonly lease = new Lease(db, REBUILD_LEASE, randomUUID(), REBUILD_LEASE_MS),
  ) {
    this.states = db.collection<RebuildState>(READ_MODEL_POINTERS_COLLECTION);
  }

  /**
   * What the cluster is doing, as far as the store says: a rebuild under way (somewhere, its
   * lease held) with the progress it saved, one interrupted (to resume at the next start), or none.
   */
  async inTheCluster(): Promise<{ state: 'running' | 'interrupted'; saved: SavedRebuild } | { state: 'none' }> {
    const saved = await this.states.findOne({ _id: 'rebuild' });
    if (!saved) return { state: 'none' };
    const { target, phase, commitsDone, eventsDone, customersDone } = saved;
    return {
      state: (await this.lease.isHeld()) ? 'running' : 'interrupted',
      saved: { target, phase, commitsDone, eventsDone, customersDone },
    };
  }

  /** Takes the cluster's rebuild lease for this rebuild: false while another holds it. */
  async claim(): Promise<boolean> {
    return this.lease.acquire();
  }

  /** Runs under the lease (taken here if `claim` was not called), renewed until it ends and then released. */
  async run(onProgress: (progress: RebuildProgress) => void = () => undefined): Promise<RebuildReport> {
    if (!(await this.claim())) throw new RebuildAlreadyRunning();
    const renewal = setInterval(() => void this.lease.acquire().catch(() => undefined), REBUILD_LEASE_MS / 3);
    try {
      return await this.runHoldingTheLease(onProgress);
    } finally {
      clearInterval(renewal);
      await this.lease.release().catch(() => undefined);
    }
  }

  private async runHoldingTheLease(onProgress: (progress: RebuildProgress) => void): Promise<RebuildReport> {
    const saved = await this.states.findOne({ _id: 'rebuild' });
    const state: RebuildState = saved ?? {
      _id: 'rebuild',
      target: `customer_accounts_${Date.now()}_${randomUUID().slice(0, 8)}`,
      phase: 'building',
      commitsDone: 0,
      eventsDone: 0,
      customersDone: 0,
    };
    if (!saved) await this.states.insertOne(state);
    const target = new ReadModelRepository(this.db, new FixedReadModelLocation(state.target));
    const commitsTotal = await this.source.estimateCommits();
    const report = (phase: RebuildProgress['phase']) =>
      onProgress({ phase, commitsDone: state.commitsDone, commitsTotal, eventsDone: state.eventsDone, customersDone: state.customersDone });
    const savePhase = async (phase: RebuildState['phase']) => {
      state.phase = phase;
      await this.states.updateOne({ _id: 'rebuild' }, { $set: { phase: state.phase, previousCollection: state.previousCollection } });
    };
    // Readers and projectors may use their cached pointer for a moment longer: let it expire.
    const settle = () => new Promise((resolve) => setTimeout(resolve, this.settleMs));

    // The switch goes in three pointer writes so that no read shows less than one before it:
    // readers first look in both collections while the live one is at least as new as the
    // rebuilt one; only once every reader does, the projector moves to the rebuilt one; and
    // readers leave the old one only once the rebuilt one has caught up with it.
    if (state.phase === 'building') {
      // On the empty collection: kept up by each batch's insert while the scan reads on, where
      // built at the end it was a pass over every account with nothing else to do meanwhile.
      await target.ensureIndexes();
      await this.build(state, report);
      state.previousCollection = (await this.pointer.target()).write;
      await this.bringUpTo(target, new ReadModelRepository(this.db, new FixedReadModelLocation(state.previousCollection)));
      await this.pointer.point({ write: state.previousCollection, read: [state.previousCollection, state.target] });
      await savePhase('reading-both');
    }
    const previous = state.previousCollection ?? state.target;
    if (state.phase === 'reading-both') {
      await settle();
      await this.pointer.point({ write: state.target, read: [state.target, previous] });
      await savePhase('switched');
    }
    await settle();
    // Commits are never removed, so as many commits in the store as the build read means it read
    // them all, and the pass over every stream (a quarter of a replay's time) has nothing to
    // find. A resumed run cannot know what was appended before it began, so it always looks.
    const appendedMeanwhile = saved !== null || (await this.source.countCommits()) !== state.commitsDone;
    let caughtUp = 0;
    if (appendedMeanwhile) {
      report('catching-up');
      caughtUp = await this.catchUp(target);
    }
    await this.pointer.point({ write: state.target, read: [state.target] });
    // A reader still holding the pointer before finds nothing in a dropped collection, and the rebuilt one is as new.
    if (previous !== state.target)
      await this.db
        .collection(previous)
        .drop()
        .catch(() => undefined);
    await this.states.deleteOne({ _id: 'rebuild' });
    report('done');
    return {
      collection: state.target,
      previousCollection: previous,
      resumed: saved !== null,
      events: state.eventsDone,
      customers: state.customersDone,
      caughtUp,
    };
  }

  /**
   * Writes into the live collection every rebuilt account that is newer there than the
   * projector has got (it lags, or the live collection is new), guarded as the projector's
   * own writes are: the live one is then at least as new everywhere.
   */
  private async bringUpTo(rebuilt: ReadModelRepository, live: ReadModelRepository): Promise<void> {
    const rebuiltVersions = await rebuilt.allVersions();
    for (let attempt = 1; attempt <= 10; attempt++) {
      const liveVersions = await live.allVersions();
      const behind = [...rebuiltVersions]
        .filter(([customerId, version]) => (liveVersions.get(customerId) ?? 0) < version)
        .map(([customerId]) => customerId);
      if (behind.length === 0) return;
      for (let start = 0; start < behind.length; start += CUSTOMERS_PER_WRITE) {
        const documents = await rebuilt.getMany(behind.slice(start, start + CUSTOMERS_PER_WRITE));
        // A guard that fails means the projector wrote meanwhile: the next pass compares again.
        await live.writeAll(
          [...documents.values()].map((document) => ({ expectedVersion: liveVersions.get(document._id) ?? 0, document })),
        );
      }
    }
    throw new Error('The live read model kept moving under the rebuild: the switch waits for a quieter moment (run the replay again)');
  }

  /**
   * Streams are opened, folded and written a batch at a time while the scan reads the next
   * batch: one batch in flight, so progress is saved in order and a resumed build skips only
   * what was written.
   */
  private async build(state: RebuildState, report: (phase: 'building') => void): Promise<void> {
    const accounts = this.db.collection<CustomerAccountDocument>(state.target);
    const write = async (streams: StoredStream[]) => {
      const documents = (await this.documentsOf(streams)).flatMap(({ document }) => (document ? [document] : []));
      if (documents.length > 0) await insertIgnoringDuplicates(accounts, documents);
      state.commitsDone += streams.reduce((sum, stream) => sum + stream.commits, 0);
      state.eventsDone += streams.reduce((sum, stream) => sum + stream.events.length, 0);
      state.customersDone += documents.length;
      state.afterCustomerId = streams.at(-1)?.customerId ?? state.afterCustomerId;
      const { _id, ...progress } = state;
      await this.states.updateOne({ _id: 'rebuild' }, { $set: progress });
      report('building');
    };
    let writing: Promise<void> = Promise.resolve();
    let pending: StoredStream[] = [];
    const flush = async () => {
      await writing;
      writing = write(pending);
      // Awaited by the next flush or after the scan; until then it must not count as unhandled.
      writing.catch(() => undefined);
      pending = [];
    };
    for await (const stream of this.source.scanStreams(state.afterCustomerId)) {
      pending.push(stream);
      if (pending.length >= CUSTOMERS_PER_WRITE) await flush();
    }
    await flush();
    await writing;
  }

  /** Every account whose stream grew after it was rebuilt, written again from its events. */
  private async catchUp(target: ReadModelRepository): Promise<number> {
    // One read of the rebuilt versions rather than a lookup per batch of streams.
    const rebuilt = await target.allVersions();
    let grown: StoredStream[] = [];
    let caughtUp = 0;
    const flush = async () => {
      const writes = (await this.documentsOf(grown)).flatMap(({ stream, document }) =>
        document ? [{ expectedVersion: rebuilt.get(stream.customerId) ?? 0, document }] : [],
      );
      // A guard that fails means the projector wrote a newer version first: nothing to do.
      await target.writeAll(writes);
      caughtUp += writes.length;
      grown = [];
    };
    for await (const stream of this.source.scanStreams()) {
      if (stream.events.length === 0 || (stream.events.at(-1)?.version ?? 0) <= (rebuilt.get(stream.customerId) ?? 0)) continue;
      grown.push(stream);
      if (grown.length >= CUSTOMERS_PER_WRITE) await flush();
    }
    await flush();
    return caughtUp;
  }

  /** The accounts these streams fold to, their events opened together (their keys fetched side by side). */
  private async documentsOf(streams: StoredStream[]): Promise<Array<{ stream: StoredStream; document: CustomerAccountDocument | null }>> {
    const opened = await this.source.openToFoldThroughTheLast(streams.flatMap((stream) => stream.events));
    let start = 0;
    return streams.map((stream) => {
      const events = opened.slice(start, (start += stream.events.length));
      return { stream, document: documentOf(events) };
    });
  }
}

function documentOf(events: RecordedEvent[]): CustomerAccountDocument | null {
  const state = fold(events);
  const last = events.at(-1);
  return state.status === 'registered' && last ? toDocument(state, last.eventId, last.occurredAt) : null;
}

/** A resumed rebuild may write again the accounts it wrote just before it stopped. */
async function insertIgnoringDuplicates(
  accounts: Collection<CustomerAccountDocument>,
  documents: CustomerAccountDocument[],
): Promise<void> {
  try {
    await accounts.insertMany(documents, { ordered: false });
  } catch (error) {
    const writeErrors = (error as { writeErrors?: Array<{ code?: number }> | { code?: number } }).writeErrors;
    const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
    if (list.length === 0 || list.some((writeError) => writeError.code !== 11000)) throw error;
  }
}
