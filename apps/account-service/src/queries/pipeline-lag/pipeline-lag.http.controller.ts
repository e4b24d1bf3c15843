import { ApiRoute } from '../../openapi/api-route';
import { MAY_OPERATE } from '@app/domain';
import { BearerTokenVerifier } from '@app/auth';
import { Actor, authorizeOperator, ErrorCodes } from '@app/domain';
import { Controller, Get } from '@nestjs/common';
import { Acting } from '../../http/request-context';
import { QueryBus } from '@nestjs/cqrs';
import { ProblemException } from '../../http/problem.exception';
import { problem } from '../../problems/problem';
import { GetPipelineLag } from './pipeline-lag.query';

/** For operators: how far Kafka and the read model trail the event store, over every partner's traffic. */
@Controller('pipeline')
export class PipelineLagHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly verifier: BearerTokenVerifier,
  ) {}

  @ApiRoute({
    summary: 'How far Kafka and the read model trail the event store',
    roles: MAY_OPERATE,
    ok: { status: 200 },
    errors: [401, 403, 503],
  })
  @Get('lag')
  async lag(@Acting() actor: Actor) {
    authorizeOperator(actor, this.verifier.operatorTenantId);
    try {
      return await this.queryBus.execute(new GetPipelineLag());
    } catch (error) {
      // The report needs both Kafka and MongoDB; without one there is no figure to give.
      throw new ProblemException(
        problem('unavailable', ErrorCodes.InvalidRequestInput, `Lag cannot be measured now: ${(error as Error).message}`),
      );
    }
  }
}
