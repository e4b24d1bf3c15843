import { OptionalTimestamp } from '../../validation/dto/timestamp';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export const HISTORY_FORMATS = ['json', 'jsonl', 'csv'] as const;

/** GET /audit/customers/:customerId/history */
export class HistoryQueryDto {
  @OptionalTimestamp() from?: string;
  @OptionalTimestamp() to?: string;
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z]+(\.[A-Za-z0-9]+)*$/, { message: 'field must be a field path such as billingProfile.email' })
  field?: string;
  @IsOptional() @IsString() @MaxLength(256) actor?: string;
  /** Entries whose reason for change contains this text. */
  @IsOptional() @IsString() @MaxLength(500) reason?: string;
  @IsOptional() @IsIn(['accepted', 'rejected']) outcome?: 'accepted' | 'rejected';
  @IsOptional() @Matches(/^([1-9]\d{0,2}|1000)$/, { message: 'limit must be a whole number from 1 to 1000' }) limit?: string;
  @IsOptional() @IsString() @MaxLength(200) pageToken?: string;
  /** json: one page; jsonl and csv: every matching entry, as a file. */
  @IsOptional() @IsIn(HISTORY_FORMATS) format?: (typeof HISTORY_FORMATS)[number];
}
