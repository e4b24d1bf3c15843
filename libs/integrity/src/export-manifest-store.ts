import { Collection, Db } from 'mongodb';
import { ExportManifestBody, SignedExportManifest } from './export-manifest';

export const EXPORT_MANIFESTS_COLLECTION = 'export_manifests';
const LINE_HASH_PARTS_COLLECTION = 'export_manifest_lines';

/** Line hashes kept in one document: well below MongoDB's 16 MB for a document, however long the export. */
const LINE_HASH_CHARACTERS_PER_PART = 4 * 1024 * 1024;

interface ManifestDocument extends Omit<SignedExportManifest, 'lineHashes'> {
  _id: string;
  /** Whose export it is: only that partner may fetch it. */
  owner: string;
  parts: number;
}

/** The signed manifests of exports made over HTTP, fetched after the file by its export id. */
export class ExportManifestStore {
  private readonly manifests: Collection<ManifestDocument>;
  private readonly parts: Collection<{ _id: string; lineHashes: string }>;

  constructor(db: Db) {
    this.manifests = db.collection<ManifestDocument>(EXPORT_MANIFESTS_COLLECTION);
    this.parts = db.collection(LINE_HASH_PARTS_COLLECTION);
  }

  /** The line hashes first: a manifest that can be found is whole. */
  async save(exportId: string, owner: string, manifest: SignedExportManifest): Promise<void> {
    const { lineHashes, ...rest } = manifest;
    const parts: Array<{ _id: string; lineHashes: string }> = [];
    for (let start = 0; start < lineHashes.length; start += LINE_HASH_CHARACTERS_PER_PART)
      parts.push({ _id: `${exportId}:${parts.length}`, lineHashes: lineHashes.slice(start, start + LINE_HASH_CHARACTERS_PER_PART) });
    for (const part of parts) await this.parts.insertOne(part);
    await this.manifests.insertOne({ _id: exportId, owner, parts: parts.length, ...rest });
  }

  async find(exportId: string, owner: string): Promise<SignedExportManifest | null> {
    const found = await this.manifests.findOne({ _id: exportId, owner });
    if (!found) return null;
    const { _id, owner: _owner, parts, ...rest } = found;
    let lineHashes = '';
    for (let part = 0; part < parts; part++) lineHashes += (await this.parts.findOne({ _id: `${exportId}:${part}` }))?.lineHashes ?? '';
    const manifest: ExportManifestBody & { signature: string } = { ...rest, lineHashes };
    return manifest;
  }
}
