import { ApiAuditRoute, AUDIT_READ_ERRORS } from '../../openapi/api-route';
import { AuditTrail } from '@app/audit';
import { Actor, authorizeAudit, DomainError, ErrorCodes } from '@app/domain';
import { ExportManifestStore } from '@app/integrity';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { Response } from 'express';
import { SignedExportWriter } from '../../audit/signed-export';
import { AuditReads } from '../../audit/audit-reads';
import { ProblemException } from '../../http/problem.exception';
import { Acting, requireGuid } from '../../http/request-context';
import { invalidInput } from '../../problems/problem';
import { ValidQuery } from '../../validation/valid-query';
import { HistoryExportQueryDto, MAX_EXPORT_DAYS } from './history-export-query.dto';

/**
 * The changes and rejections of a period across the partner's customers, as JSON lines or
 * CSV, written as the store is read: the database is asked for the partner's records only,
 * an hour of them at a time, and the period is at most a year. Each file comes with a
 * signed manifest.
 */
@Controller('audit')
export class HistoryExportHttpController {
  constructor(
    private readonly trail: AuditTrail,
    private readonly exports: SignedExportWriter,
    private readonly manifests: ExportManifestStore,
    private readonly reads: AuditReads,
  ) {}

  @ApiAuditRoute(
    "The partner's changes and rejections of a period (at most 366 days), as a file written as it is read; the X-Export-Manifest header names its signed manifest",
  )
  @Get('history')
  async export(
    @ValidQuery(HistoryExportQueryDto) query: HistoryExportQueryDto,
    @Acting() actor: Actor,
    @Res() response: Response,
  ): Promise<void> {
    const { from, to, format } = query;
    await this.reads.guarded(actor, 'export', { period: { from, to } }, async () => authorizeAudit(actor));
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
    const manifest = await this.exports.write(
      response,
      { format, period: { from, to }, filters: { partnerId: actor.partnerId }, owner: actor.partnerId, fileName: `history-${from}-${to}` },
      this.trail.historyPages(start, end, { partnerId: actor.partnerId }),
    );
    await this.reads.answered(actor, 'export', { period: { from, to }, filters: { format } }, manifest?.entries ?? 0);
  }

  /** The signed manifest of an export this partner made. */
  @ApiAuditRoute(
    "The signed manifest of an export, named by the export's X-Export-Manifest header; stored once the file is whole",
    AUDIT_READ_ERRORS,
  )
  @Get('exports/:exportId/manifest')
  async manifest(@Param('exportId') exportId: string, @Acting() actor: Actor) {
    await this.reads.guarded(actor, 'manifest', { filters: { exportId } }, async () => authorizeAudit(actor));
    const manifest = await this.manifests.find(requireGuid('exportId', exportId), actor.partnerId);
    await this.reads.answered(actor, 'manifest', { filters: { exportId } }, manifest ? 1 : 0);
    if (!manifest) throw new DomainError('not-found', ErrorCodes.ExportNotFound, `No export ${exportId} of this partner's has a manifest`);
    return manifest;
  }
}
