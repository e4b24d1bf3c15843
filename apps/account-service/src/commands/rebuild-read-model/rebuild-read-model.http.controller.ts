import { ApiRoute } from '../../openapi/api-route';
import { MAY_OPERATE } from '@app/domain';
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

  @ApiRoute({
    summary: "Rebuild every partner's read model from the events, then switch over; one at a time in the cluster",
    roles: MAY_OPERATE,
    ok: { status: 202 },
    errors: [400, 401, 403, 409, 413, 415, 503],
  })
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

  @ApiRoute({ summary: 'Progress of the replay this instance started', roles: MAY_OPERATE, ok: { status: 200 }, errors: [401, 403, 503] })
  @Get('current')
  async current(@Acting() actor: Actor) {
    authorizeOperator(actor, this.verifier.operatorTenantId);
    return this.runner.status();
  }
}
