import {
  AccountResource,
  CommandMetadata,
  CustomerAccountCommand,
  CustomerAccountCommandType,
  DomainError,
  requireReason,
} from '@app/domain';
import { ServiceConfig } from '@app/config';
import { CONFIG } from '@app/platform';
import { CommandMetrics } from '../observability/command-metrics';
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Request, Response } from 'express';
import { AcceptedResult } from '../command-processing/command-result';
import { ProcessAccountCommand } from '../command-processing/process-account-command';
import { invalidInput } from '../problems/problem';
import { validatePayload } from '../validation/validate-payload';
import { commandMetadata, etagOf } from './request-context';
import { ProblemException } from './problem.exception';

type DtoClass<T> = new () => T;

interface IntakeOptions<T> {
  /** For the figures: known before the body is read, so that refused input counts too. */
  commandType: CustomerAccountCommandType;
  /** The body's shape; none for commands whose path says it all. */
  body?: DtoClass<T>;
  /** Writes to an existing account need the ETag the client saw (428 without it). */
  requireIfMatch: boolean;
  /** The resource whose ETag If-Match is compared with; the whole account's when absent. */
  ifMatchResource?: AccountResource;
}

/** The HTTP way in for every command: headers and body checked, decided, answered. */
@Injectable()
export class HttpCommandIntake {
  private readonly reasonRequiredFor: ReadonlySet<CustomerAccountCommandType>;

  constructor(
    private readonly commandBus: CommandBus,
    private readonly metrics: CommandMetrics,
    @Inject(CONFIG) config: ServiceConfig,
  ) {
    this.reasonRequiredFor = new Set(config.reasonRequiredFor);
  }

  async execute<T extends object>(
    request: Request,
    response: Response,
    options: IntakeOptions<T>,
    toCommand: (body: T, metadata: CommandMetadata) => CustomerAccountCommand,
  ): Promise<AcceptedResult> {
    try {
      const result = await this.answer(request, response, options, toCommand);
      this.metrics.answered('http', options.commandType, 'accepted');
      return result;
    } catch (error) {
      const code = error instanceof ProblemException ? error.problem.code : error instanceof DomainError ? error.code : undefined;
      if (code !== undefined) this.metrics.answered('http', options.commandType, 'rejected', code);
      throw error;
    }
  }

  private async answer<T extends object>(
    request: Request,
    response: Response,
    options: IntakeOptions<T>,
    toCommand: (body: T, metadata: CommandMetadata) => CustomerAccountCommand,
  ): Promise<AcceptedResult> {
    const metadata = commandMetadata(request, options.requireIfMatch, options.ifMatchResource);
    const body = options.body ? this.validBody(options.body, request.body) : ({} as T);
    const command = toCommand(body, metadata);
    // Refused as input, before any decision: a retry with the reason under the same id is decided afresh.
    requireReason(command.type, metadata.reason, this.reasonRequiredFor);
    const { result, replayed } = await this.commandBus.execute(new ProcessAccountCommand(command));
    response.setHeader('MS-RequestId', result.commandId);
    if (replayed) response.setHeader('Idempotent-Replayed', 'true');
    if (result.outcome === 'rejected') {
      const { outcome, commandType, ...problem } = result;
      throw new ProblemException(problem);
    }
    response.status(result.status).setHeader('ETag', etagOf(result.version));
    if (result.status === 201) response.setHeader('Location', `/customers/${result.customerId}`);
    return result;
  }

  private validBody<T extends object>(dto: DtoClass<T>, body: unknown): T {
    const validated = validatePayload(dto, body);
    if (!validated.ok) throw new ProblemException(invalidInput(validated.errors));
    return validated.value;
  }
}
