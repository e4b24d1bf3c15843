import { OptionalTimestamp } from '../../validation/dto/timestamp';
import { IsOptional, Matches } from 'class-validator';

/** GET /audit/customers/:customerId/state: a timestamp, a version, or both. */
export class StateAtQueryDto {
  @OptionalTimestamp() at?: string;
  @IsOptional() @Matches(/^[1-9]\d{0,8}$/, { message: 'version must be a whole number from 1' }) version?: string;
}
