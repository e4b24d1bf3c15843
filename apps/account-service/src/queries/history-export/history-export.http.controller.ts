import { AuditTrail, csvHeader, EXPORT_CONTENT_TYPES, toCsvRows, toJsonLines } from '@app/audit';
import { Actor, authorizeAudit, ErrorCodes } from '@app/domain';
import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import { Response } from 'express';
import { once } from 'node:events';
import { ProblemException } from '../../http/problem.exception';
import { Acting } from '../../http/request-context';
import { invalidInput } from '../../problems/problem';
import { validQuery } from '../../validation/valid-query';
import { HistoryExportQueryDto, MAX_EXPORT_DAYS } from './history-export-query.dto';

/**
 * The changes and rejections of a period across the partner's customers, as JSON lines or
 * CSV, written as the store is read: the database is asked for the partner's records only,
 * an hour of them at a time, and the period is at most a year.
 */
@Controller('audit')
export class HistoryExportHttpController {
  private readonly logger = new Logger(HistoryExportHttpController.name);

  constructor(private readonly trail: AuditTrail) {}

  @Get('history')
  async export(@Query() query: unknown, @Acting() actor: Actor, @Res() response: Response): Promise<void> {
    authorizeAudit(actor);
    const { from, to, format } = validQuery(HistoryExportQueryDto, query);
    const [start, end] = [new Date(from), new Date(to)];
    if (end.getTime() - start.getTime() > MAX_EXPORT_DAYS * 24 * 3600 * 1000) {
      throw new ProblemException(
        invalidInput([
          {
            field: 'query.to',
            reason: `is more than ${MAX_EXPORT_DAYS} days after from: export a long period in parts`,
            code: ErrorCodes.InvalidProperty,
          },
        ]),
      );
    }
    response.setHeader('Content-Type', EXPORT_CONTENT_TYPES[format]);
    response.setHeader('Content-Disposition', `attachment; filename="history-${from}-${to}.${format}"`);
    response.setHeader('Cache-Control', 'no-store');
    try {
      if (format === 'csv') response.write(csvHeader());
      for await (const page of this.trail.historyPages(start, end, { partnerId: actor.partnerId })) {
        if (!response.write(format === 'csv' ? toCsvRows(page) : toJsonLines(page))) await once(response, 'drain');
      }
      response.end();
    } catch (error) {
      // Past the first bytes no status can say so: the file is cut short, which its reader sees.
      this.logger.error(`Export of ${from} to ${to} for partner ${actor.partnerId} failed after it began: ${(error as Error).message}`);
      response.destroy(error as Error);
    }
  }
}
