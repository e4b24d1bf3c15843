import { Actor, authorizeAudit, ErrorCodes } from '@app/domain';
import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ReplayRunner } from '../../audit/replay-runner';
import { ProblemException } from '../../http/problem.exception';
import { Acting } from '../../http/request-context';
import { problem } from '../../problems/problem';

/**
 * Replays the event store into a fresh read model and switches over; the records
 * themselves are never changed, so auditors may start it. Poll the status for progress.
 */
@Controller('audit/replays')
export class RebuildReadModelHttpController {
  constructor(private readonly runner: ReplayRunner) {}

  @Post()
  @HttpCode(202)
  start(@Acting() actor: Actor) {
    authorizeAudit(actor);
    if (!this.runner.start()) throw new ProblemException(problem('busy', ErrorCodes.InvalidRequestInput, 'A replay is already running: follow it at GET /audit/replays/current'));
    return this.runner.status();
  }

  @Get('current')
  current(@Acting() actor: Actor) {
    authorizeAudit(actor);
    return this.runner.status();
  }
}
