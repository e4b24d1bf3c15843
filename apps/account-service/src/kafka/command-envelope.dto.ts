import 'reflect-metadata';
import { COMMAND_TYPES, ROLES } from '@app/domain';
import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsDefined, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, Min, ValidateNested } from 'class-validator';

const ID = /^[A-Za-z0-9._:-]{1,128}$/;
const ID_MESSAGE = { message: 'must be 1 to 128 letters, digits, or . _ : -' };

/** Who sends the command. Trusted as given until signed tokens arrive (issue 6). */
export class ActorDto {
  @IsString() userPrincipalName: string;
  @IsString() applicationId: string;
  @IsUUID('all', { message: 'must be a GUID' }) partnerId: string;
  @IsArray() @ArrayNotEmpty() @IsIn(ROLES, { each: true }) roles: string[];
}

/** The documented JSON envelope of a message on the commands topic. */
export class CommandEnvelopeDto {
  @Matches(ID, ID_MESSAGE) commandId: string;
  @IsIn(COMMAND_TYPES) type: string;
  @IsUUID('all', { message: 'must be a GUID' }) customerId: string;
  @IsOptional() @IsInt() @Min(0) expectedVersion?: number;
  @IsOptional() @Matches(ID, ID_MESSAGE) correlationId?: string;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => ActorDto) actor: ActorDto;
  /** Checked by the command's own handler, against that command's payload type. */
  @IsOptional() @IsObject() payload?: Record<string, unknown>;
}
