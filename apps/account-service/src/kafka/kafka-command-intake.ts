import {
  CommandMetadata,
  CustomerAccountCommand,
  CustomerAccountCommandType,
  DomainError,
  ErrorCodes,
  parseReason,
  requireReason,
} from '@app/domain';
import { ServiceConfig } from '@app/config';
import { CONFIG } from '@app/platform';
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandResult, RejectedResult } from '../command-processing/command-result';
import { ProcessAccountCommand } from '../command-processing/process-account-command';
import { invalidInput, Problem, problemFromDomainError } from '../problems/problem';
import { validatePayload, Validated } from '../validation/validate-payload';
import { AuthenticatedEnvelope, CommandEnvelopeDto } from './command-envelope.dto';

type DtoClass<T> = new () => T;

export function rejectedResult(envelope: Pick<CommandEnvelopeDto, 'commandId' | 'customerId' | 'type'>, problem: Problem): RejectedResult {
  return { commandId: envelope.commandId, customerId: envelope.customerId, commandType: envelope.type, outcome: 'rejected', ...problem };
}

export const NO_PAYLOAD = Symbol('no payload');

/** An absent or empty payload; any field in it is unknown. */
function noPayload(payload: Record<string, unknown> | undefined): Validated<never> {
  const fields = Object.keys(payload ?? {});
  if (fields.length === 0) return { ok: true, value: {} as never };
  return {
    ok: false,
    errors: fields.map((field) => ({ field: `payload.${field}`, reason: 'is not a known field', code: ErrorCodes.InvalidProperty })),
  };
}

/** The Kafka way in for every command: the payload checked, decided, and the result returned for publishing. */
@Injectable()
export class KafkaCommandIntake {
  private readonly reasonRequiredFor: ReadonlySet<CustomerAccountCommandType>;

  constructor(
    private readonly commandBus: CommandBus,
    @Inject(CONFIG) config: ServiceConfig,
  ) {
    this.reasonRequiredFor = new Set(config.reasonRequiredFor);
  }

  async execute<T extends object>(
    envelope: AuthenticatedEnvelope,
    /** The payload's shape, or NO_PAYLOAD for commands whose envelope says it all. */
    payloadDto: DtoClass<T> | typeof NO_PAYLOAD,
    toCommand: (payload: T, metadata: CommandMetadata) => CustomerAccountCommand,
  ): Promise<CommandResult> {
    const payload =
      payloadDto === NO_PAYLOAD ? noPayload(envelope.payload) : validatePayload(payloadDto, envelope.payload ?? {}, 'payload');
    if (!payload.ok) return rejectedResult(envelope, invalidInput(payload.errors));
    let command: CustomerAccountCommand;
    try {
      const reason = parseReason(envelope.reason, 'reason');
      const metadata: CommandMetadata = {
        commandId: envelope.commandId,
        correlationId: envelope.correlationId ?? envelope.commandId,
        actor: envelope.actor,
        receivedAt: new Date().toISOString(),
        ...(envelope.expectedVersion !== undefined && { expectedVersion: envelope.expectedVersion }),
        ...(reason !== undefined && { reason }),
        ...(envelope.trace !== undefined && { trace: envelope.trace }),
      };
      command = toCommand(payload.value, metadata);
      requireReason(command.type, reason, this.reasonRequiredFor);
    } catch (error) {
      if (error instanceof DomainError) return rejectedResult(envelope, problemFromDomainError(error));
      throw error;
    }
    const { result } = await this.commandBus.execute(new ProcessAccountCommand(command));
    return result;
  }
}
