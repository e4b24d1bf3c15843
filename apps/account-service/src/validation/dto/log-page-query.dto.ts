import { ApiPropertyOptional } from '@nestjs/swagger';
import { Timestamp } from './timestamp';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const LOG_PAGE_MAX = 1_000;

/** A page of one of the partner's logs (security log, access log): a period, oldest first. */
export class LogPageQueryDto {
  @Timestamp() from: string;
  @Timestamp() to: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: LOG_PAGE_MAX })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(LOG_PAGE_MAX)
  limit?: number;
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
