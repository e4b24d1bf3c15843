import { Timestamp } from '../../validation/dto/timestamp';
import { IsIn } from 'class-validator';

/** The longest period one export covers: a year, and a leap day. */
export const MAX_EXPORT_DAYS = 366;

/** GET /audit/history: every customer's changes of a period, as a file. */
export class HistoryExportQueryDto {
  @Timestamp() from: string;
  @Timestamp() to: string;
  @IsIn(['jsonl', 'csv']) format: 'jsonl' | 'csv';
}
