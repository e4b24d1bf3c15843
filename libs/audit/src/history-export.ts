import { HistoryEntry } from './history-entry';

export type ExportFormat = 'jsonl' | 'csv';

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/** One history entry per line, as the HTTP API returns them. */
export function toJsonLines(entries: HistoryEntry[]): string {
  return entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');
}

const CSV_COLUMNS = [
  'occurredAt',
  'customerId',
  'outcome',
  'version',
  'type',
  'operationType',
  'userPrincipalName',
  'applicationId',
  'partnerId',
  'commandId',
  'correlationId',
  'reason',
  'field',
  'oldValue',
  'newValue',
  'rejectionCode',
  'rejectionDetail',
] as const;

/**
 * RFC 4180 CSV with a header, one row per changed field (a rejected command is one row
 * with no field), so that a spreadsheet can filter by field directly.
 */
export function toCsv(entries: HistoryEntry[]): string {
  return csvHeader() + toCsvRows(entries);
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

/** The rows of these entries without the header: an export written a page at a time. */
export function toCsvRows(entries: HistoryEntry[]): string {
  const rows = entries.flatMap((entry) => {
    const common = {
      occurredAt: entry.occurredAt,
      customerId: entry.customerId,
      outcome: entry.outcome,
      version: entry.version,
      type: entry.type,
      operationType: entry.operationType,
      ...entry.actor,
      commandId: entry.commandId,
      correlationId: entry.correlationId,
      reason: entry.reason,
      rejectionCode: entry.rejection?.code,
      rejectionDetail: entry.rejection?.detail,
    };
    const changes = entry.changes.length > 0 ? entry.changes : [{}];
    return changes.map((change) => ({ ...common, ...change }) as Record<string, unknown>);
  });
  return rows.map((row) => `${CSV_COLUMNS.map((column) => csvCell(row[column])).join(',')}\r\n`).join('');
}

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  // A cell starting like a formula would run as one in a spreadsheet (OWASP's CSV injection).
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
