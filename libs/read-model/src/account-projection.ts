import { RequestBatcher } from '@app/concurrency';
import { CustomerAccountState, RecordedEvent, evolve, initialState } from '@app/domain';
import { CustomerAccountDocument } from './customer-account-document';
import { AccountWrite, ReadModelRepository, toDocument } from './read-model-repository';

/** Where the projector heals a gap from: the event store. */
export interface EventSource {
  readStream(customerId: string, fromVersion: number): Promise<RecordedEvent[]>;
}

export interface PoisonEvent {
  event: RecordedEvent;
  reason: string;
}

export interface ProjectionReport {
  applied: number;
  /** Already applied before: redeliveries and duplicates. */
  skipped: number;
  /** Missing predecessors read from the event store. */
  healed: number;
  poisoned: PoisonEvent[];
}

const MAX_ATTEMPTS = 10;

/**
 * Applies events to the read model exactly once each: an event at or below the stored
 * version is a duplicate and skipped; one beyond the next version means its predecessors
 * have not arrived (reordered or lost on the way), so they are read from the event store.
 */
export class AccountProjection {
  /**
   * Batches projected side by side (the projector takes the partitions of a fetch at once)
   * share their round trips: one read of their accounts and one guarded write, where each
   * had its own, which halved the round trips to the read model under load.
   */
  private readonly reads: RequestBatcher<string[], Map<string, CustomerAccountDocument>>;
  private readonly writes: RequestBatcher<AccountWrite[], string[]>;

  constructor(
    private readonly repository: ReadModelRepository,
    private readonly source: EventSource,
  ) {
    this.reads = new RequestBatcher(
      async (requests) => {
        const stored = await this.repository.getMany([...new Set(requests.flat())]);
        return requests.map(() => ({ ok: true, value: stored }));
      },
      { gatherTurn: true },
    );
    this.writes = new RequestBatcher(
      async (requests) => {
        const conflicts = new Set(await this.repository.writeAll(requests.flat()));
        return requests.map((writes) => ({
          ok: true,
          value: writes.map(({ document }) => document._id).filter((id) => conflicts.has(id)),
        }));
      },
      { gatherTurn: true },
    );
  }

  async project(events: RecordedEvent[]): Promise<ProjectionReport> {
    const report = emptyProjectionReport();
    let pending = groupByCustomer(events);
    for (let attempt = 1; pending.size > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) throw new Error(`Read model writes kept conflicting for ${[...pending.keys()].join(', ')}`);
      const stored = await this.reads.request([...pending.keys()]);
      const projected = new Map<string, { write?: AccountWrite; report: ProjectionReport }>();
      for (const [customerId, stream] of pending) projected.set(customerId, await this.projectStream(stored.get(customerId), stream));
      const writes = [...projected.values()].flatMap(({ write }) => (write ? [write] : []));
      const conflicts = new Set(await this.writes.request(writes));
      // A customer whose write lost a race is projected again from what is stored now.
      for (const [customerId, { report: streamReport }] of projected) if (!conflicts.has(customerId)) addToReport(report, streamReport);
      pending = new Map([...pending].filter(([customerId]) => conflicts.has(customerId)));
    }
    return report;
  }

  private async projectStream(
    document: CustomerAccountDocument | undefined,
    incoming: RecordedEvent[],
  ): Promise<{ write?: AccountWrite; report: ProjectionReport }> {
    const report = emptyProjectionReport();
    const storedVersion = document?.version ?? 0;
    let state: CustomerAccountState = document ? { status: 'registered', ...withoutDocumentFields(document) } : initialState();
    let last: RecordedEvent | undefined;
    const result = () => ({ write: writeOf(state, storedVersion, last), report });
    for (const event of incoming) {
      if (event.version <= state.version) {
        report.skipped += 1;
        continue;
      }
      const toApply = event.version === state.version + 1 ? [event] : await this.source.readStream(event.customerId, state.version + 1);
      for (const next of toApply) {
        if (next.version !== state.version + 1) continue;
        try {
          state = evolve(state, next);
        } catch (error) {
          report.poisoned.push({ event: next, reason: (error as Error).message });
          return result();
        }
        if (next.version === event.version) report.applied += 1;
        else report.healed += 1;
        last = next;
      }
    }
    return result();
  }
}

function writeOf(state: CustomerAccountState, storedVersion: number, last: RecordedEvent | undefined): AccountWrite | undefined {
  if (!last || state.status !== 'registered' || state.version === storedVersion) return undefined;
  return { expectedVersion: storedVersion, document: toDocument(state, last.eventId, last.occurredAt) };
}

export function emptyProjectionReport(): ProjectionReport {
  return { applied: 0, skipped: 0, healed: 0, poisoned: [] };
}

/** Adds one report's counts and poison to another's. */
export function addToReport(total: ProjectionReport, part: ProjectionReport): void {
  total.applied += part.applied;
  total.skipped += part.skipped;
  total.healed += part.healed;
  total.poisoned.push(...part.poisoned);
}

function withoutDocumentFields(document: CustomerAccountDocument) {
  const { _id, lastEventId, updatedAt, ...account } = document;
  return account;
}

/** Each customer's events, in stream order. */
export function groupByCustomer(events: RecordedEvent[]): Map<string, RecordedEvent[]> {
  const streams = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    const stream = streams.get(event.customerId) ?? [];
    stream.push(event);
    streams.set(event.customerId, stream);
  }
  for (const stream of streams.values()) stream.sort((a, b) => a.version - b.version);
  return streams;
}
