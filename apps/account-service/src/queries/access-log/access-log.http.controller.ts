import { ApiAuditRoute } from '../../openapi/api-route';
import { Actor, authorizeAudit } from '@app/domain';
import { AccessLog } from '@app/event-store';
import { Controller, Get } from '@nestjs/common';
import { Acting } from '../../http/request-context';
import { AuditReads } from '../../audit/audit-reads';
import { ValidQuery } from '../../validation/valid-query';
import { LOG_PAGE_MAX, logPage, LogPageQueryDto } from '../../validation/dto/log-page-query.dto';

/**
 * Every audit read the partner's own people and applications made: who read which customer
 * or period, when, and how many entries they were given, or that they were refused. Reading
 * this log is itself a read, and recorded.
 */
@Controller('audit')
export class AccessLogHttpController {
  constructor(
    private readonly accessLog: AccessLog,
    private readonly reads: AuditReads,
  ) {}

  @ApiAuditRoute(
    "Every audit read the partner's own people made (history, state, exports, verification, digests, manifests, these logs): who, what, when, how many entries, or refused; oldest first; `next` starts the following page",
  )
  @Get('access-log')
  async list(@ValidQuery(LogPageQueryDto) query: LogPageQueryDto, @Acting() actor: Actor) {
    const { from, to, limit = LOG_PAGE_MAX } = query;
    await this.reads.guarded(actor, 'access-log', { period: { from, to } }, async () => authorizeAudit(actor));
    const entries = await this.accessLog.findByPartner(actor.partnerId, new Date(from), new Date(to), limit + 1);
    await this.reads.answered(actor, 'access-log', { period: { from, to } }, Math.min(entries.length, limit));
    return logPage(entries, limit);
  }
}
