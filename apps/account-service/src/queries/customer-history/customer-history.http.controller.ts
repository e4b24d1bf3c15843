import { AuditTrail, filterHistory, InvalidPageToken, selectHistory } from '@app/audit';
import { Actor, ErrorCodes } from '@app/domain';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { Response } from 'express';
import { auditedCustomer } from '../../audit/audited-customer';
import { exportHistory } from '../../audit/history-response';
import { ProblemException } from '../../http/problem.exception';
import { Acting } from '../../http/request-context';
import { invalidInput } from '../../problems/problem';
import { validQuery } from '../../validation/valid-query';
import { HistoryQueryDto } from './history-query.dto';

const DEFAULT_PAGE_SIZE = 100;

/** Every change and rejection of one customer, filtered, in pages or as a file. */
@Controller('audit/customers/:customerId')
export class CustomerHistoryHttpController {
  constructor(private readonly trail: AuditTrail) {}

  @Get('history')
  async history(
    @Param('customerId') id: string,
    @Query() query: unknown,
    @Acting() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ) {
    const record = await auditedCustomer(this.trail, id, actor);
    const { limit, pageToken, format = 'json', ...filter } = validQuery(HistoryQueryDto, query);
    const entries = await this.trail.history(record);
    if (format !== 'json') {
      return exportHistory(response, filterHistory(entries, filter), format, `customer-${record.events[0].customerId}-history`);
    }
    response.setHeader('Cache-Control', 'no-store');
    try {
      return {
        customerId: record.events[0].customerId,
        ...selectHistory(entries, filter, limit ? Number(limit) : DEFAULT_PAGE_SIZE, pageToken),
      };
    } catch (error) {
      if (!(error instanceof InvalidPageToken)) throw error;
      throw new ProblemException(invalidInput([{ field: 'query.pageToken', reason: error.message, code: ErrorCodes.InvalidProperty }]));
    }
  }
}
