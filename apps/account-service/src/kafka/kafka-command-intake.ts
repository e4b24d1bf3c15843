import { CommandMetadata, CustomerAccountCommand, DomainError } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandResult, RejectedResult } from '../command-processing/command-result';
import { ProcessAccountCommand } from '../command-processing/process-account-command';
import { invalidInput, Problem, problemFromDomainError } from '../problems/problem';
import { validatePayload } from '../validation/validate-payload';
import { AuthenticatedEnvelope, CommandEnvelopeDto } from './command-envelope.dto';

type DtoClass<T> = new () => T;

export function rejectedResult(envelope: Pick<CommandEnvelopeDto, 'commandId' | 'customerId' | 'type'>, problem: Problem): RejectedResult {
  return { commandId: envelope.commandId, customerId: envelope.customerId, commandType: envelope.type, outcome: 'rejected', ...problem };
}

/** The Kafka way in for every command: the payload checked, decided, and the result returned for publishing. */
@Injectable()
export class KafkaCommandIntake {
  constructor(private readonly commandBus: CommandBus) {}

  async execute<T extends object>(
    envelope: AuthenticatedEnvelope,
    payloadDto: DtoClass<T>,
    toCommand: (payload: T, metadata: CommandMetadata) => CustomerAccountCommand,
  ): Promise<CommandResult> {
    const payload = validatePayload(payloadDto, envelope.payload ?? {}, 'payload');
    if (!payload.ok) return rejectedResult(envelope, invalidInput(payload.errors));
    const metadata: CommandMetadata = {
      commandId: envelope.commandId,
      correlationId: envelope.correlationId ?? envelope.commandId,
      actor: envelope.actor,
      receivedAt: new Date().toISOString(),
      ...(envelope.expectedVersion !== undefined && { expectedVersion: envelope.expectedVersion }),
    };
    let command: CustomerAccountCommand;
    try {
      command = toCommand(payload.value, metadata);
    } catch (error) {
      if (error instanceof DomainError) return rejectedResult(envelope, problemFromDomainError(error));
      throw error;
    }
    const { result } = await this.commandBus.execute(new ProcessAccountCommand(command));
    return result;
  }
}
