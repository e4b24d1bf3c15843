import { GENESIS_HASH } from '@app/event-store';
import { generateKeyPairSync } from 'node:crypto';
import { PublicKey, SigningKey, TrustedKeys } from './signing-keys';
import { checkDigestChains, sealDigest, SignedDigest } from './stream-digest';

const newKey = () => SigningKey.fromPem(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
const key = newKey();
const trusted = new TrustedKeys([key.verifier]);

/** A partner's chain of `count` digests, each signing one stream head. */
function chain(count: number, partnerId = 'partner-a', signer = key): SignedDigest[] {
  const digests: SignedDigest[] = [];
  for (let sequence = 1; sequence <= count; sequence++) {
    digests.push(
      sealDigest(
        {
          partnerId,
          sequence,
          issuedAt: new Date(Date.UTC(2026, 11, 1, 0, sequence)).toISOString(),
          previousDigestHash: digests.at(-1)?.digestHash ?? GENESIS_HASH,
          heads: [{ customerId: `customer-${sequence}`, version: sequence, hash: 'ab'.repeat(32) }],
        },
        signer,
      ),
    );
  }
  return digests;
}

describe('Signed digests, checked with the public key alone', () => {
  it('given a chain as signed, then every digest is sound', () => {
    const { sound, problems } = checkDigestChains([...chain(3), ...chain(2, 'partner-b')], trusted);
    expect(problems).toEqual([]);
    expect(sound).toHaveLength(5);
  });

  it('given a head changed after signing (say, to match a forged stream), then that digest is not sound', () => {
    const digests = chain(3);
    digests[1] = { ...digests[1], heads: [{ ...digests[1].heads[0], hash: 'cd'.repeat(32) }] };
    expect(checkDigestChains(digests, trusted)).toMatchObject({
      sound: [digests[0]],
      problems: [{ partnerId: 'partner-a', sequence: 2, problem: 'bad-signature' }],
    });
  });

  it('given a digest re-signed by another key, then it is not trusted', () => {
    const forged = chain(2, 'partner-a', newKey());
    expect(checkDigestChains(forged, trusted).problems).toEqual([expect.objectContaining({ sequence: 1, problem: 'unknown-key' })]);
  });

  it('given a digest deleted from the middle, then the gap is named', () => {
    const digests = chain(4);
    digests.splice(2, 1);
    expect(checkDigestChains(digests, trusted).problems).toEqual([expect.objectContaining({ sequence: 3, problem: 'missing' })]);
  });

  it('given a chain rebuilt from a forged first digest, then the later ones no longer link', () => {
    const digests = chain(3);
    const replaced = sealDigest({ ...digests[0], heads: [] }, key);
    expect(checkDigestChains([replaced, digests[1], digests[2]], trusted).problems).toEqual([
      expect.objectContaining({ sequence: 2, problem: 'relinked' }),
    ]);
  });

  it('given the same digest twice (published again after a crash), then it counts once; two different ones of one number conflict', () => {
    const digests = chain(2);
    expect(checkDigestChains([...digests, digests[1]], trusted)).toMatchObject({ problems: [], sound: digests });
    const other = sealDigest({ ...digests[1], heads: [] }, key);
    expect(checkDigestChains([...digests, other], trusted).problems).toEqual([
      expect.objectContaining({ sequence: 2, problem: 'conflicting' }),
    ]);
  });

  it('given a public key in PEM, then it verifies what the private key signed and nothing else', () => {
    const publicKey = PublicKey.fromPem(key.verifier.pem);
    expect(publicKey.keyId).toBe(key.keyId);
    expect(publicKey.verifies('text', key.sign('text'))).toBe(true);
    expect(publicKey.verifies('text!', key.sign('text'))).toBe(false);
    expect(publicKey.verifies('text', 'not base64 at all')).toBe(false);
  });
});
