import { HistoryEntry } from './history-entry';

export interface HistoryFilter {
  /** ISO-8601; entries at or after it. */
  from?: string;
  /** ISO-8601; entries before it. */
  to?: string;
  /** A field path or its prefix (`billingProfile`, `billingProfile.email`): entries that changed it, with only those changes. */
  field?: string;
  /** A user principal name or application id, compared without regard to case. */
  actor?: string;
  outcome?: HistoryEntry['outcome'];
  /** Text the entry's reason for change contains, compared without regard to case. */
  reason?: string;
}

export interface HistoryPage {
  entries: HistoryEntry[];
  /** How many entries match the filter in all pages. */
  total: number;
  /** Pass back to get the next page; absent on the last page. */
  nextPageToken?: string;
}

export class InvalidPageToken extends Error {}

/** Every entry the filter keeps, each with only the changes it asks for: what an export holds. */
export function filterHistory(entries: HistoryEntry[], filter: HistoryFilter): HistoryEntry[] {
  return entries.flatMap((entry) => {
    const selected = selectEntry(entry, filter);
    return selected ? [selected] : [];
  });
}

/** One page of what the filter keeps. */
export function selectHistory(entries: HistoryEntry[], filter: HistoryFilter, limit: number, pageToken?: string): HistoryPage {
  const matching = filterHistory(entries, filter);
  const offset = pageToken === undefined ? 0 : offsetOf(pageToken);
  const end = offset + limit;
  return { entries: matching.slice(offset, end), total: matching.length, ...(end < matching.length && { nextPageToken: tokenOf(end) }) };
}

function selectEntry(entry: HistoryEntry, filter: HistoryFilter): HistoryEntry | null {
  const at = Date.parse(entry.occurredAt);
  if (filter.from !== undefined && at < Date.parse(filter.from)) return null;
  if (filter.to !== undefined && at >= Date.parse(filter.to)) return null;
  if (filter.outcome !== undefined && entry.outcome !== filter.outcome) return null;
  if (filter.actor !== undefined) {
    const wanted = filter.actor.toLowerCase();
    if (entry.actor.userPrincipalName.toLowerCase() !== wanted && entry.actor.applicationId.toLowerCase() !== wanted) return null;
  }
  if (filter.reason !== undefined && !entry.reason?.toLowerCase().includes(filter.reason.toLowerCase())) return null;
  if (filter.field === undefined) return entry;
  const field = filter.field;
  const changes = entry.changes.filter((change) => change.field === field || change.field.startsWith(`${field}.`));
  return changes.length > 0 ? { ...entry, changes } : null;
}

/** Opaque to clients: where the next page starts. */
function tokenOf(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

function offsetOf(token: string): number {
  const match = /^offset:(\d{1,9})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match) throw new InvalidPageToken(`pageToken ${JSON.stringify(token)} is not one this service gave out`);
  return Number(match[1]);
}
