import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';

export const LOG_PAGE_MAX = 1_000;

/** A page of one of the partner's logs (security log, access log): a period, oldest first. */
export class LogPageQueryDto {
  @IsISO8601({ strict: true }) from: string;
  @IsISO8601({ strict: true }) to: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(LOG_PAGE_MAX) limit?: number;
}

/**
 * The page answered from `limit + 1` entries read: the next page starts at the last entry's
 * time, so entries of that very millisecond may repeat.
 */
export function logPage<E extends { _id: string; partnerId: string; recordedAt: Date }>(entries: E[], limit: number) {
  const page = entries
    .slice(0, limit)
    .map(({ _id, partnerId: _partnerId, recordedAt, ...entry }) => ({ id: _id, recordedAt: recordedAt.toISOString(), ...entry }));
  return { entries: page, complete: entries.length <= limit, ...(entries.length > limit && { next: page.at(-1)!.recordedAt }) };
}
