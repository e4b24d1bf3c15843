import { csvHeader, EXPORT_CONTENT_TYPES, ExportFormat, HistoryEntry, toCsvRows, toJsonLines } from '@app/audit';
import { DigestStore, ExportManifestStore, ExportSealer, SignedExportManifest, SigningKey } from '@app/integrity';
import { Logger } from '@nestjs/common';
import { Response } from 'express';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';

export interface ExportRequest {
  format: ExportFormat;
  period: { from: string; to: string };
  filters: Record<string, string>;
  /** The partner the export is for: the only one who may fetch its manifest. */
  owner: string;
  fileName: string;
}

/** Where an export's signed manifest is fetched once the file has been read whole. */
export function manifestPath(exportId: string): string {
  return `/audit/exports/${exportId}/manifest`;
}

/**
 * Writes an export as it is read and signs what was written: the manifest (counts, first
 * and last event, the file's SHA-256, a hash per line, the digests the events rest on) is
 * stored before the file ends, under the id the response's headers name.
 */
export class SignedExportWriter {
  private readonly logger = new Logger(SignedExportWriter.name);

  constructor(
    private readonly manifests: ExportManifestStore,
    private readonly digests: DigestStore,
    private readonly key: SigningKey,
  ) {}

  /** The manifest of the file written whole; undefined when it was cut short. */
  async write(response: Response, request: ExportRequest, pages: AsyncIterable<HistoryEntry[]>): Promise<SignedExportManifest | undefined> {
    const exportId = randomUUID();
    response.setHeader('Content-Type', EXPORT_CONTENT_TYPES[request.format]);
    response.setHeader('Content-Disposition', `attachment; filename="${request.fileName}.${request.format}"`);
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('X-Export-Manifest', manifestPath(exportId));
    response.setHeader('Link', `<${manifestPath(exportId)}>; rel="describedby"`);
    const sealer = new ExportSealer(request.format, request.period, request.filters);
    const write = async (text: string, entries: HistoryEntry[] = []) => {
      sealer.write(text, entries);
      if (!response.write(text)) await once(response, 'drain');
    };
    try {
      if (request.format === 'csv') await write(csvHeader());
      for await (const page of pages) await write(request.format === 'csv' ? toCsvRows(page) : toJsonLines(page), page);
      const latest = await this.digests.latestOf([...sealer.partnerIds]);
      const manifest = sealer.seal([...latest.values()], this.key);
      await this.manifests.save(exportId, request.owner, manifest);
      response.end();
      return manifest;
    } catch (error) {
      // Past the first bytes no status can say so: the file is cut short, which its reader sees, and it has no manifest.
      this.logger.error(`Export ${exportId} for partner ${request.owner} failed after it began: ${(error as Error).message}`);
      response.destroy(error as Error);
      return undefined;
    }
  }
}
