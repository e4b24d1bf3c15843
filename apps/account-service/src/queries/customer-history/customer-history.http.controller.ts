import { ApiAuditRoute, AUDIT_READ_ERRORS } from '../../openapi/api-route';
import { AuditTrail, filterHistory, InvalidPageToken, selectHistory } from '@app/audit';
import { Actor, ErrorCodes } from '@app/domain';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { Response } from 'express';
import { auditedCustomer } from '../../audit/audited-customer';
import { SignedExportWriter } from '../../audit/signed-export';
import { StreamIntegrityCheck } from '@app/integrity';
import { AuditReads } from '../../audit/audit-reads';
import { ProblemException } from '../../http/problem.exception';
import { Acting } from '../../http/request-context';
import { invalidInput } from '../../problems/problem';
import { ValidQuery } from '../../validation/valid-query';
import { HistoryQueryDto } from './history-query.dto';

const DEFAULT_PAGE_SIZE = 100;

/** Every change and rejection of one customer, filtered, in pages or as a file. */
@Controller('audit/customers/:customerId')
export class CustomerHistoryHttpController {
  constructor(
    private readonly trail: AuditTrail,
    private readonly exports: SignedExportWriter,
    private readonly integrity: StreamIntegrityCheck,
    private readonly reads: AuditReads,
  ) {}

  @ApiAuditRoute(
    'Every change and rejected command of the customer: a page as JSON, or every match as a JSONL or CSV file with a signed manifest',
    AUDIT_READ_ERRORS,
  )
  @Get('history')
  async history(
    @Param('customerId') id: string,
    @ValidQuery(HistoryQueryDto) query: HistoryQueryDto,
    @Acting() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { limit, pageToken, format = 'json', ...filter } = query;
    const read = format === 'json' ? 'history' : 'export';
    const record = await this.reads.guarded(actor, read, { customerId: id }, () => auditedCustomer(this.trail, id, actor));
    const entries = await this.trail.history(record);
    const customerId = record.events[0].customerId;
    if (format !== 'json') {
      const selected = filterHistory(entries, filter);
      const period = { from: filter.from ?? record.events[0].occurredAt, to: filter.to ?? new Date().toISOString() };
      const filters = Object.fromEntries(
        Object.entries({ partnerId: actor.partnerId, customerId, ...filter }).filter(([, value]) => value !== undefined),
      ) as Record<string, string>;
      const manifest = await this.exports.write(
        response,
        { format, period, filters, owner: actor.partnerId, fileName: `customer-${customerId}-history` },
        (async function* () {
          yield selected;
        })(),
      );
      await this.reads.answered(actor, 'export', { customerId, period, filters }, manifest?.entries ?? 0);
      return;
    }
    response.setHeader('Cache-Control', 'no-store');
    try {
      const page = selectHistory(entries, filter, limit ? Number(limit) : DEFAULT_PAGE_SIZE, pageToken);
      await this.reads.answered(
        actor,
        'history',
        { customerId, filters: { ...filter, ...(pageToken && { pageToken }) } },
        page.entries.length,
      );
      return {
        customerId,
        // Said beside the entries: a stream that fails its checks shows what it holds, marked as not to be relied on.
        integrity: await this.integrity.check(customerId, record.stored),
        ...page,
      };
    } catch (error) {
      if (!(error instanceof InvalidPageToken)) throw error;
      throw new ProblemException(invalidInput([{ field: 'query.pageToken', reason: error.message, code: ErrorCodes.InvalidProperty }]));
    }
  }
}
