import { ApiAuditRoute } from '../../openapi/api-route';
import { InvalidPageToken, PartnerHistory } from '@app/audit';
import { Actor, authorizeAudit, ErrorCodes } from '@app/domain';
import { Controller, Get, Res } from '@nestjs/common';
import { Response } from 'express';
import { AuditReads } from '../../audit/audit-reads';
import { ProblemException } from '../../http/problem.exception';
import { Acting } from '../../http/request-context';
import { invalidInput } from '../../problems/problem';
import { ValidQuery } from '../../validation/valid-query';
import { PartnerHistoryQueryDto } from './partner-history-query.dto';

const DEFAULT_PAGE_SIZE = 100;

/** The partner's changes and its senders' rejections across all its customers, in pages. */
@Controller('audit')
export class PartnerHistoryHttpController {
  constructor(
    private readonly history: PartnerHistory,
    private readonly reads: AuditReads,
  ) {}

  @ApiAuditRoute(
    "The partner's changes and its senders' rejections across all its customers, oldest first, in pages: `nextPageToken` as `pageToken` goes on; a page may hold fewer than `limit` entries",
  )
  @Get('partner-history')
  async page(
    @ValidQuery(PartnerHistoryQueryDto) query: PartnerHistoryQueryDto,
    @Acting() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { limit, pageToken, ...filter } = query;
    const scope = { period: { from: filter.from, to: filter.to }, customerId: filter.customerId, filters: { ...filter, pageToken } };
    await this.reads.guarded(actor, 'history', scope, async () => authorizeAudit(actor));
    response.setHeader('Cache-Control', 'no-store');
    try {
      const page = await this.history.page(actor.partnerId, filter, limit ? Number(limit) : DEFAULT_PAGE_SIZE, pageToken);
      await this.reads.answered(actor, 'history', scope, page.entries.length);
      return page;
    } catch (error) {
      if (!(error instanceof InvalidPageToken)) throw error;
      throw new ProblemException(invalidInput([{ field: 'query.pageToken', reason: error.message, code: ErrorCodes.InvalidProperty }]));
    }
  }
}
