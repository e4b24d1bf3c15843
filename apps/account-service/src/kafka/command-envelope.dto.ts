import 'reflect-metadata';
import { Actor, COMMAND_TYPES, ID, TraceContext } from '@app/domain';
import { IsIn, IsInt, IsObject, IsString, IsUUID, Matches, Min } from 'class-validator';
import { OptionalField } from '../validation/dto/optional-field';

const ID_MESSAGE = { message: 'must be 1 to 128 letters, digits, or . _ : -' };

/**
 * The documented JSON envelope of a message on the commands topic. Who acts is not in it:
 * it comes from the bearer token in the message's `authorization` header.
 */
export class CommandEnvelopeDto {
  @Matches(ID, ID_MESSAGE) commandId: string;
  @IsIn(COMMAND_TYPES) type: string;
  @IsUUID('all', { message: 'must be a GUID' }) customerId: string;
  @OptionalField() @IsInt() @Min(0) expectedVersion?: number;
  @OptionalField() @Matches(ID, ID_MESSAGE) correlationId?: string;
  /** Why the change is made: plain text, checked by parseReason (the domain's rule for reasons). */
  @OptionalField() @IsString() reason?: string;
  /** Checked by the command's own handler, against that command's payload type. */
  @OptionalField() @IsObject() payload?: Record<string, unknown>;
}

/** An envelope whose message carried a verified token: what the command handlers receive. */
export type AuthenticatedEnvelope = CommandEnvelopeDto & { actor: Actor; trace?: TraceContext };
