import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';

const DESCRIBED = { example: '2026-11-24T10:00:00Z', format: 'date-time' };

/** A moment given as a strict ISO 8601 timestamp, as every query's period is. */
export const Timestamp = () => applyDecorators(ApiProperty(DESCRIBED), IsISO8601({ strict: true }));
export const OptionalTimestamp = () => applyDecorators(ApiPropertyOptional(DESCRIBED), IsOptional(), IsISO8601({ strict: true }));
