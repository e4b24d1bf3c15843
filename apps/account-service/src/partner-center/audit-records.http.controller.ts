import { InvalidPageToken, PartnerHistory } from '@app/audit';
import { Actor, authorizeAudit, ErrorCodes, MAY_AUDIT } from '@app/domain';
import { Controller, Get, Res } from '@nestjs/common';
import { Response } from 'express';
import { AuditReads } from '../audit/audit-reads';
import { ProblemException } from '../http/problem.exception';
import { Acting } from '../http/request-context';
import { ApiRoute } from '../openapi/api-route';
import { invalidInput } from '../problems/problem';
import { ValidQuery } from '../validation/valid-query';
import { auditRecordOf, parseAuditFilter, resourceTypeOf } from './audit-record';
import { AuditRecordsQueryDto } from './audit-records-query.dto';
import { AuditRecordCollectionDto, PartnerCenterErrorDto } from './partner-center-resources.dto';

const DEFAULT_SIZE = 100;

/**
 * The partner's history as Partner Center's audit records, over the same partner history the
 * auditors read at /audit/partner-history: every change and every rejection, kept forever here.
 */
@Controller('v1/auditrecords')
export class AuditRecordsHttpController {
  constructor(
    private readonly history: PartnerHistory,
    private readonly reads: AuditReads,
  ) {}

  @ApiRoute({
    summary: "The partner's audit records, oldest first: links.next carries the continuation; a page may hold fewer than size records",
    roles: MAY_AUDIT,
    ok: { status: 200, type: AuditRecordCollectionDto },
    errors: [400, 401, 403, 503],
    errorBody: PartnerCenterErrorDto,
  })
  @Get()
  async records(
    @ValidQuery(AuditRecordsQueryDto) query: AuditRecordsQueryDto,
    @Acting() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ) {
    const filter = parseAuditFilter(query.filter);
    const period = { from: query.startDate, to: query.endDate ?? new Date().toISOString() };
    const customerId = filter !== undefined && 'customerId' in filter ? filter.customerId : undefined;
    const scope = { period, customerId, filters: { filter: query.filter, continuation: query.continuation } };
    await this.reads.guarded(actor, 'history', scope, async () => authorizeAudit(actor));
    response.setHeader('Cache-Control', 'no-store');
    const size = query.size ? Number(query.size) : DEFAULT_SIZE;
    try {
      const page = await this.history.page(actor.partnerId, { ...period, customerId }, size, query.continuation);
      const entries =
        filter !== undefined && 'resourceType' in filter
          ? page.entries.filter((entry) => resourceTypeOf(entry) === filter.resourceType)
          : page.entries;
      await this.reads.answered(actor, 'history', scope, entries.length);
      const next = page.nextPageToken && nextUri(query, period.to, page.nextPageToken);
      return {
        totalCount: entries.length,
        items: entries.map(auditRecordOf),
        links: next ? { next: { uri: next, method: 'GET', headers: [] } } : {},
        attributes: { objectType: 'Collection' },
      };
    } catch (error) {
      if (!(error instanceof InvalidPageToken)) throw error;
      throw new ProblemException(invalidInput([{ field: 'query.continuation', reason: error.message, code: ErrorCodes.InvalidProperty }]));
    }
  }
}

/** The same query with the continuation, and the end of the period fixed so that the pages agree. */
function nextUri(query: AuditRecordsQueryDto, endDate: string, continuation: string): string {
  const params = new URLSearchParams({
    startDate: query.startDate,
    endDate,
    ...(query.size && { size: query.size }),
    ...(query.filter && { filter: query.filter }),
    continuation,
  });
  return `/v1/auditrecords?${params}`;
}
