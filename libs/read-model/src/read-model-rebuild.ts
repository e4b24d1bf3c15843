import { fold, RecordedEvent, StoredEvent } from '@app/domain';
import { StoredStream } from '@app/event-store';
import { Collection, Db } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { CustomerAccountDocument } from './customer-account-document';
import { FixedReadModelLocation, POINTER_CACHE_MS, READ_MODEL_POINTERS_COLLECTION, ReadModelPointer } from './read-model-pointer';
import { AccountWrite, ReadModelRepository, toDocument } from './read-model-repository';

export interface StreamSource {
  countCommits(): Promise<number>;
  scanStreams(afterCustomerId?: string): AsyncIterable<StoredStream>;
  open(stored: StoredEvent[]): Promise<RecordedEvent[]>;
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
  phase: 'building' | 'switched';
  afterCustomerId?: string;
  commitsDone: number;
  eventsDone: number;
  customersDone: number;
  previousCollection?: string;
}

const CUSTOMERS_PER_WRITE = 500;

/**
 * Replays the whole event store into a fresh collection while the live one keeps serving,
 * then switches readers and the projector over with one pointer write. Interrupted, it
 * resumes from the last customer it saved. After the switch it waits until no reader can
 * still hold the old pointer, then brings up to date every account that moved on meanwhile.
 */
export class ReadModelRebuild {
  private readonly states: Collection<RebuildState>;

  constructor(
    private readonly db: Db,
    private readonly source: StreamSource,
    private readonly pointer = new ReadModelPointer(db),
    private readonly settleMs = 2 * POINTER_CACHE_MS + 1_000,
  ) {
    this.states = db.collection<RebuildState>(READ_MODEL_POINTERS_COLLECTION);
  }

  async run(onProgress: (progress: RebuildProgress) => void = () => undefined): Promise<RebuildReport> {
    const saved = await this.states.findOne({ _id: 'rebuild' });
    const state: RebuildState = saved ?? { _id: 'rebuild', target: `customer_accounts_${Date.now()}_${randomUUID().slice(0, 8)}`, phase: 'building', commitsDone: 0, eventsDone: 0, customersDone: 0 };
    if (!saved) await this.states.insertOne(state);
    const target = new ReadModelRepository(this.db, new FixedReadModelLocation(state.target));
    const commitsTotal = await this.source.countCommits();
    const report = (phase: RebuildProgress['phase']) => onProgress({ phase, commitsDone: state.commitsDone, commitsTotal, eventsDone: state.eventsDone, customersDone: state.customersDone });

    if (state.phase === 'building') {
      await this.build(state, report);
      await target.ensureIndexes();
      state.previousCollection = await this.pointer.collectionName();
      await this.pointer.switchTo(state.target);
      state.phase = 'switched';
      await this.states.updateOne({ _id: 'rebuild' }, { $set: { phase: state.phase, previousCollection: state.previousCollection } });
    }
    // Readers and projectors may use their cached pointer for a moment longer: let it expire.
    await new Promise((resolve) => setTimeout(resolve, this.settleMs));
    report('catching-up');
    const caughtUp = await this.catchUp(target);
    if (state.previousCollection && state.previousCollection !== state.target) await this.db.collection(state.previousCollection).drop().catch(() => undefined);
    await this.states.deleteOne({ _id: 'rebuild' });
    report('done');
    return {
      collection: state.target,
      previousCollection: state.previousCollection ?? state.target,
      resumed: saved !== null,
      events: state.eventsDone,
      customers: state.customersDone,
      caughtUp,
    };
  }

  private async build(state: RebuildState, report: (phase: 'building') => void): Promise<void> {
    const accounts = this.db.collection<CustomerAccountDocument>(state.target);
    let pending: CustomerAccountDocument[] = [];
    let pendingCommits = 0;
    let pendingEvents = 0;
    let lastCustomerId = state.afterCustomerId;
    const flush = async () => {
      if (pending.length > 0) await insertIgnoringDuplicates(accounts, pending);
      state.commitsDone += pendingCommits;
      state.eventsDone += pendingEvents;
      state.customersDone += pending.length;
      state.afterCustomerId = lastCustomerId;
      const { _id, ...progress } = state;
      await this.states.updateOne({ _id: 'rebuild' }, { $set: progress });
      pending = [];
      pendingCommits = 0;
      pendingEvents = 0;
      report('building');
    };
    for await (const stream of this.source.scanStreams(state.afterCustomerId)) {
      const document = documentOf(await this.source.open(stream.events));
      if (document) pending.push(document);
      pendingCommits += stream.commits;
      pendingEvents += stream.events.length;
      lastCustomerId = stream.customerId;
      if (pending.length >= CUSTOMERS_PER_WRITE) await flush();
    }
    await flush();
  }

  /** Every account whose stream grew after it was rebuilt, written again from its events. */
  private async catchUp(target: ReadModelRepository): Promise<number> {
    // One pass over the rebuilt versions rather than a lookup per batch: on FerretDB every
    // query but one by _id reads the whole collection.
    const rebuilt = await target.allVersions();
    let writes: AccountWrite[] = [];
    let caughtUp = 0;
    const flush = async () => {
      // A guard that fails means the projector wrote a newer version first: nothing to do.
      await target.writeAll(writes);
      caughtUp += writes.length;
      writes = [];
    };
    for await (const stream of this.source.scanStreams()) {
      const storedVersion = rebuilt.get(stream.customerId) ?? 0;
      if (stream.events.length === 0 || (stream.events.at(-1)?.version ?? 0) <= storedVersion) continue;
      const document = documentOf(await this.source.open(stream.events));
      if (document) writes.push({ expectedVersion: storedVersion, document });
      if (writes.length >= CUSTOMERS_PER_WRITE) await flush();
    }
    await flush();
    return caughtUp;
  }
}

function documentOf(events: RecordedEvent[]): CustomerAccountDocument | null {
  const state = fold(events);
  const last = events.at(-1);
  return state.status === 'registered' && last ? toDocument(state, last.eventId, last.occurredAt) : null;
}

/** A resumed rebuild may write again the accounts it wrote just before it stopped. */
async function insertIgnoringDuplicates(accounts: Collection<CustomerAccountDocument>, documents: CustomerAccountDocument[]): Promise<void> {
  try {
    await accounts.insertMany(documents, { ordered: false });
  } catch (error) {
    const writeErrors = (error as { writeErrors?: Array<{ code?: number }> | { code?: number } }).writeErrors;
    const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
    if (list.length === 0 || list.some((writeError) => writeError.code !== 11000)) throw error;
  }
}
