import { ServiceConfig } from '@app/config';
import { CommandMetadata, CustomerAccountCommand, CustomerAccountCommandType, DomainError, ErrorCodes } from '@app/domain';
import { CONFIG } from '@app/platform';
import { CommandMetrics } from '../observability/command-metrics';
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Request, Response } from 'express';
import { AcceptedResult } from '../command-processing/command-result';
import { ProcessAccountCommand } from '../command-processing/process-account-command';
import { invalidInput, problem } from '../problems/problem';
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
}

/**
 * The HTTP way in for every command: headers and body checked, decided, answered. Beyond a
 * bound on the commands under way it answers 503 with Retry-After at once, before deciding
 * anything: a load above what the machine can answer would otherwise queue without end, each
 * answer later than the client waits, and clients that retry add to it.
 */
@Injectable()
export class HttpCommandIntake {
  private underWay = 0;

  constructor(
    private readonly commandBus: CommandBus,
    private readonly metrics: CommandMetrics,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {}

  async execute<T extends object>(
    request: Request,
    response: Response,
    options: IntakeOptions<T>,
    toCommand: (body: T, metadata: CommandMetadata) => CustomerAccountCommand,
  ): Promise<AcceptedResult> {
    if (this.underWay >= this.config.maxHttpCommandsInFlight) {
      this.metrics.turnedAway(options.commandType);
      response.setHeader('Retry-After', '1');
      throw new ProblemException(problem('unavailable', ErrorCodes.InvalidRequestInput, `This instance is answering ${this.underWay} commands, its limit: send this one again in a second (with the same MS-RequestId, it is answered once)`));
    }
    this.underWay += 1;
    try {
      const result = await this.answer(request, response, options, toCommand);
      this.metrics.answered('http', options.commandType, 'accepted');
      return result;
    } catch (error) {
      const code = error instanceof ProblemException ? error.problem.code : error instanceof DomainError ? error.code : undefined;
      if (code !== undefined) this.metrics.answered('http', options.commandType, 'rejected', code);
      throw error;
    } finally {
      this.underWay -= 1;
    }
  }

  private async answer<T extends object>(
    request: Request,
    response: Response,
    options: IntakeOptions<T>,
    toCommand: (body: T, metadata: CommandMetadata) => CustomerAccountCommand,
  ): Promise<AcceptedResult> {
    const metadata = commandMetadata(request, options.requireIfMatch);
    const body = options.body ? this.validBody(options.body, request.body) : ({} as T);
    const { result, replayed } = await this.commandBus.execute(new ProcessAccountCommand(toCommand(body, metadata)));
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
