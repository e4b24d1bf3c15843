import { ApiPropertyOptional } from '@nestjs/swagger';
import { Timestamp } from '../../validation/dto/timestamp';
import { LEGACY_OPERATION_TYPES, OPERATION_TYPES } from '@app/domain';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

const FILTERABLE_OPERATION_TYPES = [...OPERATION_TYPES, ...Object.keys(LEGACY_OPERATION_TYPES)];

/** GET /audit/partner-history: a page of the partner's history across its customers. */
export class PartnerHistoryQueryDto {
  @Timestamp() from: string;
  @Timestamp() to: string;
  @IsOptional() @IsUUID('all', { message: 'customerId must be a GUID' }) customerId?: string;
  @ApiPropertyOptional({ enum: FILTERABLE_OPERATION_TYPES, description: 'A legacy name finds the same events as its current one.' })
  @IsOptional()
  @IsIn(FILTERABLE_OPERATION_TYPES)
  operationType?: string;
  @IsOptional() @IsString() @MaxLength(256) actor?: string;
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z]+(\.[A-Za-z0-9]+)*$/, { message: 'field must be a field path such as billingProfile.email' })
  field?: string;
  @IsOptional() @IsIn(['accepted', 'rejected']) outcome?: 'accepted' | 'rejected';
  @IsOptional() @IsString() @MaxLength(500) reason?: string;
  @IsOptional() @Matches(/^([1-9]\d{0,2}|1000)$/, { message: 'limit must be a whole number from 1 to 1000' }) limit?: string;
  @IsOptional() @IsString() @MaxLength(300) pageToken?: string;
}
