import fc from 'fast-check';
import { generateKeyPairSync } from 'node:crypto';
import { ExportSealer, SignedExportManifest, verifyExport } from './export-manifest';
import { SigningKey, TrustedKeys } from './signing-keys';

const newKey = () => SigningKey.fromPem(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
const key = newKey();
const trusted = new TrustedKeys([key.verifier]);

/** An export of these lines, written in pieces as the service writes pages, and its manifest. */
function exported(lines: string[], pieces = 3): { file: Buffer; manifest: SignedExportManifest } {
  const sealer = new ExportSealer('jsonl', { from: '2026-12-01T00:00:00Z', to: '2026-12-02T00:00:00Z' }, { partnerId: 'partner-a' });
  const text = lines.map((line) => `${line}\n`).join('');
  // Cut anywhere, mid-line too, but between code points: the service writes whole strings.
  const codePoints = Array.from(text);
  const size = Math.ceil(codePoints.length / pieces) || 1;
  for (let start = 0; start < codePoints.length; start += size) sealer.write(codePoints.slice(start, start + size).join(''));
  return { file: Buffer.from(text, 'utf8'), manifest: sealer.seal([], key) };
}

const jsonLines = fc.array(
  fc.string({ unit: 'grapheme' }).map((text) => JSON.stringify({ companyName: text })),
  { minLength: 1, maxLength: 40 },
);

describe('A signed export, checked offline with the public key', () => {
  it('given the file as exported, whatever its text and however it was written in pieces, then it verifies', () => {
    fc.assert(
      fc.property(jsonLines, fc.integer({ min: 1, max: 7 }), (lines, pieces) => {
        const { file, manifest } = exported(lines, pieces);
        expect(manifest.file.lines).toBe(lines.length);
        expect(verifyExport(file, manifest, trusted)).toEqual({ ok: true, problems: [] });
      }),
    );
  });

  it('given any one line changed, then the first line that differs is named', () => {
    fc.assert(
      fc.property(
        jsonLines.chain((lines) =>
          fc.tuple(fc.constant(lines), fc.integer({ min: 0, max: lines.length - 1 }), fc.string({ unit: 'grapheme' })),
        ),
        ([lines, index, replacement]) => {
          const altered = JSON.stringify({ companyName: replacement });
          fc.pre(altered !== lines[index]);
          const { manifest } = exported(lines);
          const forged = Buffer.from(lines.map((line, at) => `${at === index ? altered : line}\n`).join(''), 'utf8');
          expect(verifyExport(forged, manifest, trusted)).toMatchObject({ ok: false, firstDifferentLine: index + 1 });
        },
      ),
    );
  });

  it('given lines removed from the end or added, then it says where the file departs', () => {
    const { file, manifest } = exported(['{"a":1}', '{"a":2}', '{"a":3}']);
    const cut = Buffer.from('{"a":1}\n{"a":2}\n');
    expect(verifyExport(cut, manifest, trusted)).toMatchObject({ ok: false, firstDifferentLine: 3 });
    const longer = Buffer.concat([file, Buffer.from('{"a":4}\n')]);
    expect(verifyExport(longer, manifest, trusted)).toMatchObject({ ok: false, firstDifferentLine: 4 });
  });

  it('given a manifest changed to fit a forged file, or signed by another key, then the manifest itself is refused', () => {
    const { file, manifest } = exported(['{"a":1}']);
    expect(verifyExport(file, { ...manifest, entries: 2 }, trusted)).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/not what the key signed/)],
    });
    const other = exported(['{"a":1}']);
    const foreign = new ExportSealer('jsonl', manifest.period, manifest.filters);
    foreign.write('{"a":1}\n');
    expect(verifyExport(other.file, foreign.seal([], newKey()), trusted)).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/not a trusted one/)],
    });
  });

  it('given anything at all as the manifest, then it is refused with a reason, never thrown', () => {
    const { file } = exported(['{"a":1}']);
    fc.assert(
      fc.property(fc.anything(), (manifest) => {
        expect(verifyExport(file, manifest as SignedExportManifest, trusted)).toMatchObject({ ok: false, problems: [expect.any(String)] });
      }),
    );
  });

  it('counts the entries and names the first and last event it holds', () => {
    const sealer = new ExportSealer('csv', { from: 'a', to: 'b' }, {});
    sealer.write('header\n');
    sealer.write('row 1\nrow 2\nrow 3\n', [
      { outcome: 'rejected', customerId: 'c-1', occurredAt: '2026-12-01T00:00:00.000Z' },
      { outcome: 'accepted', customerId: 'c-1', partnerId: 'partner-a', version: 1, occurredAt: '2026-12-01T00:00:01.000Z' },
      { outcome: 'accepted', customerId: 'c-2', partnerId: 'partner-a', version: 4, occurredAt: '2026-12-01T00:00:02.000Z' },
    ]);
    expect(sealer.seal([], key)).toMatchObject({
      entries: 3,
      file: { lines: 4 },
      firstEvent: { customerId: 'c-1', version: 1 },
      lastEvent: { customerId: 'c-2', version: 4 },
    });
    expect([...sealer.partnerIds]).toEqual(['partner-a']);
  });
});
