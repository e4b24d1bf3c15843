import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { OptionalTimestamp, Timestamp } from '../validation/dto/timestamp';

/** GET /v1/auditrecords: Partner Center's period, filter and page size, and the continuation a page answered. */
export class AuditRecordsQueryDto {
  @Timestamp() startDate: string;
  /** Now when absent. */
  @OptionalTimestamp() endDate?: string;
  /** JSON: {"field": "CustomerId" | "ResourceType" | "CompanyName", "value": "…", "operator": "substring"}. */
  @IsOptional() @IsString() @MaxLength(500) filter?: string;
  @IsOptional() @Matches(/^([1-9]\d{0,2}|1000)$/, { message: 'size must be a whole number from 1 to 1000' }) size?: string;
  @IsOptional() @IsString() @MaxLength(300) continuation?: string;
}
