import { CommandLog, CommandLogEntry, EventCommit, EventStore } from '@app/event-store';
import { LEGACY_OPERATION_TYPES, storedOperationTypes } from '@app/domain';
import { LoggedResult, rejectedCommand } from './audit-trail';
import { changeHistory } from './change-history';
import { HistoryEntry } from './history-entry';
import { filterHistory, HistoryFilter, InvalidPageToken } from './history-selection';

export interface PartnerHistoryQuery extends HistoryFilter {
  from: string;
  to: string;
  customerId?: string;
  /** Partner Center's operation type (`update_customer_billing_profile`, …): accepted changes only. */
  operationType?: string;
}

export interface PartnerHistoryPage {
  entries: HistoryEntry[];
  /** Pass back as `pageToken` for the entries after these; absent when there are none. */
  nextPageToken?: string;
}

/** Where a page ends: the last record read, in (time, source, id) order. Commits sort before log entries of the same instant. */
interface Position {
  at: number;
  source: 'commit' | 'log';
  id: string;
}

type Item = { position: Position; commit?: EventCommit; logged?: CommandLogEntry<LoggedResult> };

/** Records read from each source per round: a page that filters most away reads a few rounds. */
const READ_AHEAD = 200;
/** Rounds one page may read before it answers with what it has and a token to go on. */
const MAX_ROUNDS = 10;

/**
 * A partner's history across all its customers: every change and every rejection of its own
 * senders in a period, in JSON pages, read from the partner's indexes (its commits by time,
 * its senders' log entries by time) a page at a time. The page token is a position, not an
 * offset: records written meanwhile never shift a page, and every record is on exactly one.
 */
export class PartnerHistory {
  constructor(
    private readonly eventStore: EventStore,
    private readonly commandLog: CommandLog<LoggedResult>,
    private readonly readAhead = READ_AHEAD,
  ) {}

  async page(partnerId: string, asked: PartnerHistoryQuery, limit: number, pageToken?: string): Promise<PartnerHistoryPage> {
    const query = withCurrentOperationType(asked);
    const period = { from: new Date(query.from), to: new Date(query.to) };
    let after = pageToken === undefined ? undefined : positionOf(pageToken);
    const entries: HistoryEntry[] = [];
    for (let round = 0; round < MAX_ROUNDS && entries.length < limit; round++) {
      const [commits, logged] = await Promise.all([
        query.outcome === 'rejected'
          ? []
          : this.eventStore.findCommitsPage(partnerId, period, commitAfter(after), this.readAhead, {
              customerId: query.customerId,
              ...(query.operationType !== undefined && { operationTypes: storedOperationTypes(query.operationType) }),
            }),
        query.outcome === 'accepted' || query.operationType !== undefined
          ? []
          : this.commandLog.findRejectedPage(partnerId, period, logAfter(after), this.readAhead, query.customerId),
      ]);
      const items = merge(commits, logged);
      // A source that filled its read may hold records before the other's last: read only up to the earlier end.
      const ends = [commits, logged]
        .filter((read) => read.length === this.readAhead)
        .map((read) => items.find((item) => item.commit === read.at(-1) || item.logged === read.at(-1))!.position);
      const safeEnd = ends.sort(compare)[0];
      for (const item of items) {
        if (safeEnd && compare(item.position, safeEnd) > 0) break;
        entries.push(...(await this.entriesOf(item, query)));
        after = item.position;
        if (entries.length >= limit) break;
      }
      if (ends.length === 0 && (items.length === 0 || after === items.at(-1)!.position)) return { entries };
    }
    return { entries, ...(after && { nextPageToken: tokenOf(after) }) };
  }

  private async entriesOf(item: Item, query: PartnerHistoryQuery): Promise<HistoryEntry[]> {
    const entries = item.commit
      ? changeHistory(await this.eventStore.open(item.commit.events), [])
      : changeHistory([], rejectedCommand(item.logged!));
    const filter: HistoryFilter = { actor: query.actor, field: query.field, reason: query.reason };
    return filterHistory(
      query.operationType === undefined ? entries : entries.filter((entry) => entry.operationType === query.operationType),
      filter,
    );
  }
}

/** A legacy operation name asks for the same events as the name they carry once read. */
function withCurrentOperationType(query: PartnerHistoryQuery): PartnerHistoryQuery {
  const legacy = query.operationType === undefined ? undefined : LEGACY_OPERATION_TYPES[query.operationType];
  return legacy === undefined ? query : { ...query, operationType: legacy };
}

function merge(commits: EventCommit[], logged: CommandLogEntry<LoggedResult>[]): Item[] {
  return [
    ...commits.map((commit): Item => ({ position: { at: commit.committedAt.getTime(), source: 'commit', id: commit._id }, commit })),
    ...logged.map((entry): Item => ({ position: { at: entry.recordedAt.getTime(), source: 'log', id: entry._id }, logged: entry })),
  ].sort((a, b) => compare(a.position, b.position));
}

function compare(a: Position, b: Position): number {
  if (a.at !== b.at) return a.at - b.at;
  if (a.source !== b.source) return a.source === 'commit' ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** After a position, in the commits' own (time, id) order: a log entry's position passes every commit of its instant. */
function commitAfter(after: Position | undefined): { at: Date; id: string } | undefined {
  if (!after) return undefined;
  return after.source === 'commit' ? { at: new Date(after.at), id: after.id } : { at: new Date(after.at), id: '\uffff' };
}

/** After a position, in the log's (time, id) order: a commit's position comes before every log entry of its instant. */
function logAfter(after: Position | undefined): { at: Date; id: string } | undefined {
  if (!after) return undefined;
  return after.source === 'log' ? { at: new Date(after.at), id: after.id } : { at: new Date(after.at - 1), id: '\uffff' };
}

function tokenOf(position: Position): string {
  return Buffer.from(JSON.stringify([position.at, position.source, position.id])).toString('base64url');
}

function positionOf(token: string): Position {
  try {
    const [at, source, id] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown[];
    if (Number.isSafeInteger(at) && (source === 'commit' || source === 'log') && typeof id === 'string')
      return { at: at as number, source, id };
  } catch {
    // refused below
  }
  throw new InvalidPageToken(`pageToken ${JSON.stringify(token)} is not one this service gave out`);
}
