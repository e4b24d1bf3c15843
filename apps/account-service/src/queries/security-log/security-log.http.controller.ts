import { Actor, authorizeAudit } from '@app/domain';
import { SecurityLog } from '@app/event-store';
import { Controller, Get, Query } from '@nestjs/common';
import { Acting } from '../../http/request-context';
import { AuditReads } from '../../audit/audit-reads';
import { validQuery } from '../../validation/valid-query';
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

  @Get('security-log')
  async list(@Query() query: unknown, @Acting() actor: Actor) {
    const { from, to, limit = LOG_PAGE_MAX } = validQuery(LogPageQueryDto, query);
    await this.reads.guarded(actor, 'security-log', { period: { from, to } }, async () => authorizeAudit(actor));
    const entries = await this.securityLog.findByPartner(actor.partnerId, new Date(from), new Date(to), limit + 1);
    await this.reads.answered(actor, 'security-log', { period: { from, to } }, Math.min(entries.length, limit));
    return logPage(entries, limit);
  }
}
