import { BearerTokenVerifier } from '@app/auth';
import { Actor, authorizeOperator, ErrorCodes } from '@app/domain';
import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ReplayRunner } from '../../audit/replay-runner';
import { ProblemException } from '../../http/problem.exception';
import { Acting } from '../../http/request-context';
import { problem } from '../../problems/problem';

/**
 * Replays the event store into a fresh read model and switches over. It rebuilds every
 * partner's accounts, so it is an operator's (see authorizeOperator), one at a time in the
 * cluster. Poll the status for progress.
 */
@Controller('audit/replays')
export class RebuildReadModelHttpController {
  constructor(
    private readonly runner: ReplayRunner,
    private readonly verifier: BearerTokenVerifier,
  ) {}

  @Post()
  @HttpCode(202)
  async start(@Acting() actor: Actor) {
    authorizeOperator(actor, this.verifier.operatorTenantId);
    if (!(await this.runner.start()))
      throw new ProblemException(
        problem(
          'busy',
          ErrorCodes.InvalidRequestInput,
          'A replay is already running in the cluster: follow it at GET /audit/replays/current of the instance that started it',
        ),
      );
    return this.runner.status();
  }

  @Get('current')
  async current(@Acting() actor: Actor) {
    authorizeOperator(actor, this.verifier.operatorTenantId);
    return this.runner.status();
  }
}
