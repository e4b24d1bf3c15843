import { EXPORT_CONTENT_TYPES, ExportFormat, HistoryEntry, toCsv, toJsonLines } from '@app/audit';
import { Response } from 'express';

/** An export: the whole selection as one file for the auditor's own tools. */
export function exportHistory(response: Response, entries: HistoryEntry[], format: ExportFormat, fileName: string): string {
  response.setHeader('Content-Type', EXPORT_CONTENT_TYPES[format]);
  response.setHeader('Content-Disposition', `attachment; filename="${fileName}.${format}"`);
  response.setHeader('Cache-Control', 'no-store');
  return format === 'csv' ? toCsv(entries) : toJsonLines(entries);
}
