import { AuditTrail } from '@app/audit';
import { Actor, authorizeAudit } from '@app/domain';
import { Controller, Get, Query, Res } from '@nestjs/common';
import { Response } from 'express';
import { exportHistory } from '../../audit/history-response';
import { Acting } from '../../http/request-context';
import { validQuery } from '../../validation/valid-query';
import { HistoryExportQueryDto } from './history-export-query.dto';

/** The changes and rejections of a period across the partner's customers, as JSON lines or CSV. */
@Controller('audit')
export class HistoryExportHttpController {
  constructor(private readonly trail: AuditTrail) {}

  @Get('history')
  async export(@Query() query: unknown, @Acting() actor: Actor, @Res({ passthrough: true }) response: Response) {
    authorizeAudit(actor);
    const { from, to, format } = validQuery(HistoryExportQueryDto, query);
    // The partner's customers' changes, and the commands its own people had refused.
    const entries = (await this.trail.historyBetween(new Date(from), new Date(to))).filter((entry) => (entry.partnerId ?? entry.actor.partnerId) === actor.partnerId);
    return exportHistory(response, entries, format, `history-${from}-${to}`);
  }
}
