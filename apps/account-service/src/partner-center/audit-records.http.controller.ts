import { HistoryEntry, InvalidPageToken, PartnerHistory } from '@app/audit';
import { Actor, authorizeAudit, ErrorCodes, MAY_AUDIT } from '@app/domain';
import { ReadModelRepository } from '@app/read-model';
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
    private readonly readModel: ReadModelRepository,
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
      const names = await this.companyNames(actor.partnerId, page.entries);
      const entries = page.entries.filter((entry) => {
        if (filter !== undefined && 'resourceType' in filter) return resourceTypeOf(entry) === filter.resourceType;
        if (filter !== undefined && 'companyName' in filter)
          return names.get(entry.customerId)?.toLowerCase().includes(filter.companyName) ?? false;
        return true;
      });
      await this.reads.answered(actor, 'history', scope, entries.length);
      const next = page.nextPageToken && nextUri(query, period.to, page.nextPageToken);
      return {
        totalCount: entries.length,
        items: entries.map((entry) => auditRecordOf(entry, names.get(entry.customerId))),
        links: next ? { next: { uri: next, method: 'GET', headers: [] } } : {},
        attributes: { objectType: 'Collection' },
      };
    } catch (error) {
      if (!(error instanceof InvalidPageToken)) throw error;
      throw new ProblemException(invalidInput([{ field: 'query.continuation', reason: error.message, code: ErrorCodes.InvalidProperty }]));
    }
  }

  /**
   * The current company name of each of the partner's customers on the page, in one read. A
   * rejection of the partner's own sender may name another partner's customer: that name is
   * not the partner's to see.
   */
  private async companyNames(partnerId: string, entries: HistoryEntry[]): Promise<Map<string, string>> {
    const accounts = await this.readModel.getMany([...new Set(entries.map((entry) => entry.customerId))]);
    return new Map(
      [...accounts.values()]
        .filter((account) => account.partnerId === partnerId)
        .map((account) => [account._id, account.companyProfile.companyName]),
    );
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
