import { ApiAuditRoute } from '../../openapi/api-route';
import { Actor, authorizeAudit } from '@app/domain';
import { SecurityLog } from '@app/event-store';
import { Controller, Get } from '@nestjs/common';
import { Acting } from '../../http/request-context';
import { AuditReads } from '../../audit/audit-reads';
import { ValidQuery } from '../../validation/valid-query';
import { LOG_PAGE_MAX, logPage, LogPageQueryDto } from '../../validation/dto/log-page-query.dto';

/**
 * Commands the partner's own people and applications had refused for who they are (a role
 * without the right, another partner's customer, another sender's command id): kept apart
 * from the target customers' histories, which are their own partner's record.
 */
@Controller('audit')
export class SecurityLogHttpController {
  constructor(
    private readonly securityLog: SecurityLog,
    private readonly reads: AuditReads,
  ) {}

  @ApiAuditRoute(
    "Commands the partner's own people had refused for who they are (role, another partner's customer, another sender's command id), oldest first; `next` starts the following page",
  )
  @Get('security-log')
  async list(@ValidQuery(LogPageQueryDto) query: LogPageQueryDto, @Acting() actor: Actor) {
    const { from, to, limit = LOG_PAGE_MAX } = query;
    await this.reads.guarded(actor, 'security-log', { period: { from, to } }, async () => authorizeAudit(actor));
    const entries = await this.securityLog.findByPartner(actor.partnerId, new Date(from), new Date(to), limit + 1);
    await this.reads.answered(actor, 'security-log', { period: { from, to } }, Math.min(entries.length, limit));
    return logPage(entries, limit);
  }
}
