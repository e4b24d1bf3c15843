import { canonicalJson } from '@app/event-store';
import { createHash, Hash } from 'node:crypto';
import { SigningKey, TrustedKeys } from './signing-keys';
import { SignedDigest } from './stream-digest';

export const EXPORT_MANIFEST_FORMAT = 'customer-account-export-manifest/1';

/** Hex characters kept of each line's SHA-256: enough to find the first line that differs; the file's own hash proves it whole. */
const LINE_HASH_LENGTH = 16;

export interface ExportedEvent {
  customerId: string;
  version: number;
  occurredAt: string;
}

/** One history entry as the manifest counts it. */
export interface ExportedEntry {
  outcome: 'accepted' | 'rejected';
  customerId: string;
  partnerId?: string;
  version?: number;
  occurredAt: string;
}

export interface ExportManifestBody {
  format: typeof EXPORT_MANIFEST_FORMAT;
  file: { format: 'jsonl' | 'csv'; bytes: number; lines: number; sha256: string };
  period: { from: string; to: string };
  /** What was selected beyond the period: the partner, for a partner's export. */
  filters: Record<string, string>;
  /** History entries in the file: accepted changes and rejected commands. */
  entries: number;
  firstEvent: ExportedEvent | null;
  lastEvent: ExportedEvent | null;
  /** The newest digest of each partner in the file when it was made: the signed heads its events rest on. */
  digests: Array<{ partnerId: string; sequence: number; digestHash: string }>;
  issuedAt: string;
  keyId: string;
  /** The first hex characters of each line's SHA-256 (without its line feed), line after line. */
  lineHashes: string;
}

export interface SignedExportManifest extends ExportManifestBody {
  signature: string;
}

/** Follows an export as it is written, then signs what was written. */
export class ExportSealer {
  private readonly file: Hash = createHash('sha256');
  private bytes = 0;
  private partialLine = '';
  private lineHashes: string[] = [];
  private entries = 0;
  private firstEvent: ExportedEvent | null = null;
  private lastEvent: ExportedEvent | null = null;
  /** The partners whose events the file holds: whose newest digests it rests on. */
  readonly partnerIds = new Set<string>();

  constructor(
    private readonly format: 'jsonl' | 'csv',
    private readonly period: { from: string; to: string },
    private readonly filters: Record<string, string>,
  ) {}

  /** The text, exactly as it goes into the file, and the entries it holds. */
  write(text: string, entries: ExportedEntry[] = []): void {
    const bytes = Buffer.from(text, 'utf8');
    this.file.update(bytes);
    this.bytes += bytes.length;
    const lines = (this.partialLine + text).split('\n');
    this.partialLine = lines.pop() ?? '';
    for (const line of lines) this.lineHashes.push(lineHash(line));
    for (const entry of entries) {
      this.entries += 1;
      if (entry.partnerId) this.partnerIds.add(entry.partnerId);
      if (entry.outcome !== 'accepted' || entry.version === undefined) continue;
      const event = { customerId: entry.customerId, version: entry.version, occurredAt: entry.occurredAt };
      this.firstEvent ??= event;
      this.lastEvent = event;
    }
  }

  seal(digests: SignedDigest[], key: SigningKey, issuedAt = new Date()): SignedExportManifest {
    const lineHashes = [...this.lineHashes, ...(this.partialLine === '' ? [] : [lineHash(this.partialLine)])];
    const body: ExportManifestBody = {
      format: EXPORT_MANIFEST_FORMAT,
      file: { format: this.format, bytes: this.bytes, lines: lineHashes.length, sha256: this.file.digest('hex') },
      period: this.period,
      filters: this.filters,
      entries: this.entries,
      firstEvent: this.firstEvent,
      lastEvent: this.lastEvent,
      digests: digests.map(({ partnerId, sequence, digestHash }) => ({ partnerId, sequence, digestHash })),
      issuedAt: issuedAt.toISOString(),
      keyId: key.keyId,
      lineHashes: lineHashes.join(''),
    };
    return { ...body, signature: key.sign(canonicalJson(body)) };
  }
}

export interface ExportVerification {
  ok: boolean;
  /** What is wrong, most telling first; empty when the file is what was signed. */
  problems: string[];
  /** The first line (from 1) that is not the one signed. */
  firstDifferentLine?: number;
}

/** Checks an exported file against its manifest with nothing but the public keys. */
export function verifyExport(file: Buffer, manifest: SignedExportManifest, keys: TrustedKeys): ExportVerification {
  // The manifest comes from a file the verifier was handed: anything may be in it.
  if (!isManifest(manifest)) return { ok: false, problems: ['the manifest is not an export manifest of this service'] };
  const { signature, ...body } = manifest;
  const key = keys.find(body.keyId);
  if (!key) return { ok: false, problems: [`the manifest is signed with key ${body.keyId}, not a trusted one`] };
  if (body.format !== EXPORT_MANIFEST_FORMAT || !key.verifies(canonicalJson(body), signature))
    return { ok: false, problems: ['the manifest is not what the key signed: it was changed, or is not a manifest'] };
  const problems: string[] = [];
  const text = file.toString('utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const signedLines = body.lineHashes.length / LINE_HASH_LENGTH;
  let firstDifferentLine: number | undefined;
  for (let index = 0; index < Math.max(lines.length, signedLines) && firstDifferentLine === undefined; index++) {
    const signed = body.lineHashes.slice(index * LINE_HASH_LENGTH, (index + 1) * LINE_HASH_LENGTH);
    if (index >= lines.length) problems.push(`the file ends after line ${lines.length}; the export had ${signedLines} lines`);
    else if (index >= signedLines) problems.push(`line ${index + 1} and after were added; the export had ${signedLines} lines`);
    else if (lineHash(lines[index]) !== signed) problems.push(`line ${index + 1} is not the line exported`);
    else continue;
    firstDifferentLine = index + 1;
  }
  const sha256 = createHash('sha256').update(file).digest('hex');
  if (sha256 !== body.file.sha256 || file.length !== body.file.bytes)
    problems.push(
      `the file's SHA-256 is ${sha256} (${file.length} bytes); the export's was ${body.file.sha256} (${body.file.bytes} bytes)`,
    );
  return { ok: problems.length === 0, problems, ...(firstDifferentLine !== undefined && { firstDifferentLine }) };
}

function isManifest(value: unknown): value is SignedExportManifest {
  const manifest = value as Partial<SignedExportManifest> | null;
  return (
    typeof manifest === 'object' &&
    manifest !== null &&
    typeof manifest.signature === 'string' &&
    typeof manifest.keyId === 'string' &&
    typeof manifest.lineHashes === 'string' &&
    typeof manifest.file === 'object' &&
    manifest.file !== null
  );
}

function lineHash(line: string): string {
  return createHash('sha256').update(line, 'utf8').digest('hex').slice(0, LINE_HASH_LENGTH);
}
