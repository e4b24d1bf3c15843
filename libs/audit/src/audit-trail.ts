import { fold, RecordedEvent } from '@app/domain';
import { ChainBreak, CommandLog, CommandLogEntry, EventStore, findChainBreak, StoredChainEvent } from '@app/event-store';
import { findAnchorBreak, IntegrityEvidence, unanchoredEvents } from '@app/integrity';
import { ReadModelRepository } from '@app/read-model';
import { changeHistory } from './change-history';
import { HistoryEntry, RejectedCommand } from './history-entry';
import { ReadModelDifferences, readModelDifferences } from './read-model-differences';
import { Moment, StateAt, stateAt } from './state-at';

/** What the command log keeps of a result: enough to tell a rejection and its reason. */
export interface LoggedResult {
  outcome: string;
  status?: number;
  code?: number;
  detail?: string;
  errors?: Array<{ field: string; reason: string; code: number }>;
}

export interface CustomerRecord {
  partnerId: string;
  events: RecordedEvent[];
  /** The same events as stored, sealed into the chain: what integrity is checked on. */
  stored: StoredChainEvent[];
}

export interface VerificationReport {
  ok: boolean;
  customers: number;
  events: number;
  /** Streams whose stored events are not what was written: edited, deleted or moved. */
  chainBreaks: ChainBreak[];
  /** Fields where the read model does not say what the events say. */
  readModelDifferences: ReadModelDifferences;
  /** The streams against the signed digests: what the chain alone cannot see (an edit with every hash recomputed). */
  anchoring: AnchoringReport;
}

export interface AnchoringReport {
  source: string;
  keyIds: string[];
  /** Sound digests read from the source. */
  digests: number;
  /** Digests missing, unsigned, altered or relinked: anything after a partner's first problem is not relied on. */
  digestProblems: IntegrityEvidence['problems'];
  /** Where the database's own copy of the digests lost or changed what the source holds. */
  copyDifferences: string[];
  anchoredStreams: number;
  /** Events newer than every digest that vouches for their stream: normally the last interval's. */
  unanchoredEvents: number;
}

const VERIFY_BATCH = 500;

/** The stretch of time an export reads at once: what it holds in memory is one window's entries. */
const HISTORY_WINDOW_MS = 60 * 60 * 1000;

/** The auditor's questions, answered from the event store (and the command log for rejections). */
export class AuditTrail {
  constructor(
    private readonly eventStore: EventStore,
    private readonly commandLog: CommandLog<LoggedResult>,
    private readonly readModel: ReadModelRepository,
  ) {}

  /** The customer's events in today's schema, or null when there are none. */
  async customer(customerId: string): Promise<CustomerRecord | null> {
    const stored = await this.eventStore.readStoredStream(customerId);
    if (stored.length === 0) return null;
    const events = await this.eventStore.open(stored);
    return { partnerId: events[0].partnerId, events, stored };
  }

  async history(record: CustomerRecord): Promise<HistoryEntry[]> {
    const logged = await this.commandLog.findByCustomer(record.events[0].customerId);
    return changeHistory(record.events, logged.flatMap(rejectedCommand));
  }

  stateAt(record: CustomerRecord, moment: Moment): StateAt {
    return stateAt(record.events, moment);
  }

  /**
   * Every change and rejection in a time range (`to` excluded), oldest first, a window of
   * time at a time so that a long period is never held whole: of one partner's customers
   * and the rejections of its own senders, if given, queried so in the database.
   */
  async *historyPages(from: Date, to: Date, scope: { partnerId?: string } = {}): AsyncGenerator<HistoryEntry[]> {
    for (let start = from.getTime(); start < to.getTime();) {
      // Quiet stretches are passed over in one step: the next window starts where the next record is.
      const next = await this.nextRecordAt(new Date(start), scope.partnerId);
      if (next === undefined || next.getTime() >= to.getTime()) return;
      start = Math.max(start, next.getTime());
      const [windowFrom, windowTo] = [new Date(start), new Date(Math.min(start + HISTORY_WINDOW_MS, to.getTime()))];
      start = windowTo.getTime();
      const [commits, logged] = await Promise.all([
        this.eventStore.findCommitsBetween(windowFrom, windowTo, scope.partnerId),
        this.commandLog.findBetween(windowFrom, windowTo, scope.partnerId),
      ]);
      const entries = changeHistory(
        await this.eventStore.open(commits.flatMap((commit) => commit.events)),
        logged.flatMap(rejectedCommand),
      );
      if (entries.length > 0) yield entries;
    }
  }

  private async nextRecordAt(from: Date, partnerId?: string): Promise<Date | undefined> {
    const [commit, logged] = await Promise.all([
      this.eventStore.firstCommittedAt(from, partnerId),
      this.commandLog.firstRecordedAt(from, partnerId),
    ]);
    const times = [commit, logged].filter((time): time is Date => time !== undefined);
    return times.length === 0 ? undefined : new Date(Math.min(...times.map((time) => time.getTime())));
  }

  /**
   * Checks every stream's hash chain, compares the read model with the fold of every
   * stream, and looks for accounts that have no events at all; of one partner, if given.
   */
  async verify(
    evidence: IntegrityEvidence,
    scope: { partnerId?: string } = {},
    onProgress: (customers: number) => void = () => undefined,
  ): Promise<VerificationReport> {
    const inScope = (partnerId: string | undefined) => scope.partnerId === undefined || partnerId === scope.partnerId;
    const anchoring: AnchoringReport = {
      source: evidence.source,
      keyIds: evidence.keyIds,
      digests: evidence.digests,
      digestProblems: evidence.problems,
      copyDifferences: evidence.copyDifferences,
      anchoredStreams: 0,
      unanchoredEvents: 0,
    };
    const report: VerificationReport = { ok: true, customers: 0, events: 0, chainBreaks: [], readModelDifferences: [], anchoring };
    const seen = new Set<string>();
    let batch: Array<{ customerId: string; events: RecordedEvent[] }> = [];
    const compare = async () => {
      const documents = await this.readModel.getMany(batch.map((stream) => stream.customerId));
      for (const stream of batch)
        report.readModelDifferences.push(...readModelDifferences(stream.customerId, fold(stream.events), documents.get(stream.customerId)));
      batch = [];
      onProgress(report.customers);
    };
    for await (const stream of this.eventStore.scanStreams(undefined, scope.partnerId)) {
      seen.add(stream.customerId);
      if (!inScope(stream.events[0]?.partnerId)) continue;
      report.customers += 1;
      report.events += stream.events.length;
      const anchors = evidence.anchors.get(stream.customerId) ?? [];
      const broken = findChainBreak(stream.customerId, stream.events) ?? findAnchorBreak(stream.customerId, stream.events, anchors);
      if (broken) report.chainBreaks.push(broken);
      if (anchors.length > 0) anchoring.anchoredStreams += 1;
      anchoring.unanchoredEvents += Math.max(0, unanchoredEvents(stream.events, anchors));
      batch.push({ customerId: stream.customerId, events: await this.eventStore.open(stream.events) });
      if (batch.length >= VERIFY_BATCH) await compare();
    }
    await compare();
    for (const { customerId, partnerId } of await this.readModel.allOwners(scope.partnerId)) {
      if (!seen.has(customerId) && inScope(partnerId))
        report.readModelDifferences.push({ customerId, field: '(account)', readModel: 'present' });
    }
    // A stream a digest signed and the store no longer has was deleted whole.
    for (const [customerId, anchors] of evidence.anchors)
      if (!seen.has(customerId) && inScope(anchors[0].partnerId))
        report.chainBreaks.push({
          customerId,
          version: 1,
          throughVersion: anchors.at(-1)?.version,
          problem: 'missing',
          detail: `the stream, signed through version ${anchors.at(-1)?.version} in digest ${anchors.at(-1)?.sequence}, is not in the store`,
        });
    report.ok =
      report.chainBreaks.length === 0 &&
      report.readModelDifferences.length === 0 &&
      anchoring.digestProblems.length === 0 &&
      anchoring.copyDifferences.length === 0;
    return report;
  }
}

export function rejectedCommand(entry: CommandLogEntry<LoggedResult>): RejectedCommand[] {
  const { result } = entry;
  if (result.outcome !== 'rejected') return [];
  return [
    {
      commandId: entry.commandId ?? entry._id,
      customerId: entry.customerId,
      commandType: entry.commandType,
      recordedAt: entry.recordedAt,
      // Entries logged before actors were kept say so rather than guess.
      actor: entry.actor ?? { userPrincipalName: 'unrecorded', applicationId: 'unrecorded', partnerId: 'unrecorded' },
      correlationId: entry.correlationId ?? entry.commandId ?? entry._id,
      ...(entry.reason !== undefined && { reason: entry.reason }),
      rejection: { status: result.status ?? 0, code: result.code ?? 0, detail: result.detail ?? '', errors: result.errors ?? [] },
    },
  ];
}
