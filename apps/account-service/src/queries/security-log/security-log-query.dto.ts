import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';

export const SECURITY_LOG_PAGE_MAX = 1_000;

/** GET /audit/security-log: the partner's refused attempts of a period. */
export class SecurityLogQueryDto {
  @IsISO8601({ strict: true }) from: string;
  @IsISO8601({ strict: true }) to: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(SECURITY_LOG_PAGE_MAX) limit?: number;
}
