import { findChainBreak, StoredChainEvent } from '@app/event-store';
import { chained, companyRenamed, CUSTOMER, forgeAndRechain } from '../test/chained-stream';
import fc from 'fast-check';
import { Anchor, findAnchorBreak, unanchoredEvents } from './stream-anchors';

const streamOf = (length: number): StoredChainEvent[] => chained(Array.from({ length }, (_, index) => companyRenamed(index + 1)));
const anchorsAt = (stream: StoredChainEvent[], versions: number[]): Anchor[] =>
  versions.map((version, index) => ({ version, hash: stream[version - 1].hash!, partnerId: 'partner-a', sequence: index + 1 }));
const rename = (companyName: string) => (event: StoredChainEvent) => ({
  ...event,
  data: { changes: [{ field: 'companyProfile.companyName', oldValue: 'Before', newValue: companyName }] },
});

describe('A stream against the heads its digests signed', () => {
  it('given an edit with the chain recomputed, then the chain alone is clean but the signed head names the version', () => {
    const stream = streamOf(3);
    const forged = forgeAndRechain(stream, 2, rename('Fabrikam'));
    expect(findChainBreak(CUSTOMER, forged)).toBeNull();
    expect(findAnchorBreak(CUSTOMER, forged, anchorsAt(stream, [1, 2, 3]))).toMatchObject({
      customerId: CUSTOMER,
      version: 2,
      throughVersion: 2,
      problem: 'forged',
    });
  });

  it('for any stream, any signed heads and any forged version, the range named holds the edit, and is exact when the version before was signed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((length) =>
          fc.record({
            length: fc.constant(length),
            anchored: fc.uniqueArray(fc.integer({ min: 1, max: length }), { minLength: 1 }),
            edited: fc.integer({ min: 1, max: length }),
            companyName: fc.string({ minLength: 1, unit: 'grapheme' }),
          }),
        ),
        ({ length, anchored, edited, companyName }) => {
          fc.pre(companyName !== `Contoso ${edited}`);
          const stream = streamOf(length);
          const versions = [...anchored].sort((a, b) => a - b);
          const found = findAnchorBreak(CUSTOMER, forgeAndRechain(stream, edited, rename(companyName)), anchorsAt(stream, versions));
          if (versions.at(-1)! < edited) return expect(found).toBeNull();
          expect(found?.problem).toBe('forged');
          expect(found!.version).toBeLessThanOrEqual(edited);
          expect(found!.throughVersion).toBeGreaterThanOrEqual(edited);
          if (versions.includes(edited) && (edited === 1 || versions.includes(edited - 1))) expect(found!.version).toBe(edited);
        },
      ),
    );
  });

  it('given a signed version the store no longer has (the stream cut short), then it is missing', () => {
    const stream = streamOf(4);
    expect(findAnchorBreak(CUSTOMER, stream.slice(0, 2), anchorsAt(stream, [4]))).toMatchObject({ version: 4, problem: 'missing' });
  });

  it('given the stream as signed, then there is no break, and the events after the last head are counted as not yet anchored', () => {
    const stream = streamOf(5);
    expect(findAnchorBreak(CUSTOMER, stream, anchorsAt(stream, [2, 3]))).toBeNull();
    expect(unanchoredEvents(stream, anchorsAt(stream, [2, 3]))).toBe(2);
    expect(unanchoredEvents(stream, undefined)).toBe(5);
  });
});
