import { GENESIS_HASH, StoredChainEvent } from '@app/event-store';
import { chained, companyRenamed, CUSTOMER, forgeAndRechain } from '../test/chained-stream';
import { generateKeyPairSync } from 'node:crypto';
import { SigningKey, TrustedKeys } from './signing-keys';
import { sealDigest, SignedDigest } from './stream-digest';
import { StreamIntegrityCheck } from './stream-integrity';

const key = SigningKey.fromPem(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
const NOW = new Date('2026-12-02T12:00:00.000Z');
const signing = (stream: StoredChainEvent[], version: number, signer = key): SignedDigest =>
  sealDigest(
    {
      partnerId: 'partner-a',
      sequence: 1,
      issuedAt: NOW.toISOString(),
      previousDigestHash: GENESIS_HASH,
      heads: [{ customerId: CUSTOMER, version, hash: stream[version - 1].hash! }],
    },
    signer,
  );
const check = (digests: SignedDigest[]) =>
  new StreamIntegrityCheck({ signing: async () => digests }, new TrustedKeys([key.verifier]), 5 * 60_000, () => NOW);

describe('One stream checked as it is read', () => {
  const stream = chained([companyRenamed(1, '2026-12-02T11:00:00.000Z'), companyRenamed(2, '2026-12-02T11:59:00.000Z')]);

  it('given a digest signing version 1, then the stream is intact, with version 2 new enough to wait for the next digest', async () => {
    expect(await check([signing(stream, 1)]).check(CUSTOMER, stream)).toEqual({
      status: 'intact',
      signedThroughVersion: 1,
      unsignedEvents: 1,
    });
  });

  it('given no digest for events older than the digest interval, then it warns that one may have been removed', async () => {
    const result = await check([]).check(CUSTOMER, stream);
    expect(result).toMatchObject({
      status: 'intact',
      signedThroughVersion: 0,
      unsignedEvents: 2,
      warning: expect.stringMatching(/no digest signs it/),
    });
  });

  it('given a digest signed by another key (written into the database by whoever edited the stream), then it vouches for nothing', async () => {
    const stranger = SigningKey.fromPem(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    expect(await check([signing(stream, 2, stranger)]).check(CUSTOMER, stream)).toMatchObject({ signedThroughVersion: 0 });
  });

  it('given an edit with the chain recomputed after a digest signed it, then the stream is broken at that version', async () => {
    const digest = signing(stream, 2);
    const forged = forgeAndRechain(stream, 2, (event) => ({ ...event, correlationId: 'forged' }));
    expect(await check([digest]).check(CUSTOMER, forged)).toMatchObject({
      status: 'broken',
      break: { version: 1, throughVersion: 2, problem: 'forged' },
    });
  });
});
