import { Actor, authorizeAudit } from '@app/domain';
import { SecurityLog } from '@app/event-store';
import { Controller, Get, Query } from '@nestjs/common';
import { Acting } from '../../http/request-context';
import { validQuery } from '../../validation/valid-query';
import { SECURITY_LOG_PAGE_MAX, SecurityLogQueryDto } from './security-log-query.dto';

/**
 * Commands the partner's own people and applications had refused for who they are (a role
 * without the right, another partner's customer, another sender's command id): kept apart
 * from the target customers' histories, which are their own partner's record.
 */
@Controller('audit')
export class SecurityLogHttpController {
  constructor(private readonly securityLog: SecurityLog) {}

  @Get('security-log')
  async list(@Query() query: unknown, @Acting() actor: Actor) {
    authorizeAudit(actor);
    const { from, to, limit = SECURITY_LOG_PAGE_MAX } = validQuery(SecurityLogQueryDto, query);
    const entries = await this.securityLog.findByPartner(actor.partnerId, new Date(from), new Date(to), limit + 1);
    const page = entries
      .slice(0, limit)
      .map(({ _id, partnerId: _partnerId, recordedAt, ...entry }) => ({ id: _id, recordedAt: recordedAt.toISOString(), ...entry }));
    // The next page starts at the last entry's time; entries of that very millisecond may repeat.
    return { entries: page, complete: entries.length <= limit, ...(entries.length > limit && { next: page.at(-1)!.recordedAt }) };
  }
}
