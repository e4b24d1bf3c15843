import { canonicalJson, GENESIS_HASH } from '@app/event-store';
import { createHash } from 'node:crypto';
import { SigningKey, TrustedKeys } from './signing-keys';

export const DIGEST_FORMAT = 'customer-account-digest/1';

/** Where a stream stood when a digest was signed: its last version, and that event's chain hash. */
export interface StreamHead {
  customerId: string;
  version: number;
  hash: string;
}

/** What is signed: one partner's streams that changed since its previous digest, linked to that digest. */
export interface DigestBody {
  format: typeof DIGEST_FORMAT;
  partnerId: string;
  /** 1 for the partner's first digest, then one more each time: a gap is a deleted digest. */
  sequence: number;
  issuedAt: string;
  /** The digestHash of the partner's digest before this one; the genesis hash for the first. */
  previousDigestHash: string;
  /** In customer id order. */
  heads: StreamHead[];
  keyId: string;
}

export interface SignedDigest extends DigestBody {
  /** SHA-256 of the body's canonical JSON: what the next digest links to. */
  digestHash: string;
  /** Ed25519 over the body's canonical JSON, in base64. */
  signature: string;
}

export interface DigestProblem {
  partnerId: string;
  sequence: number;
  problem: 'unknown-key' | 'bad-signature' | 'missing' | 'relinked' | 'conflicting';
  detail: string;
}

export { GENESIS_HASH };

export function sealDigest(body: Omit<DigestBody, 'format' | 'keyId'>, key: SigningKey): SignedDigest {
  const full: DigestBody = { format: DIGEST_FORMAT, ...body, keyId: key.keyId };
  const text = canonicalJson(bodyOf(full));
  return { ...full, digestHash: sha256(text), signature: key.sign(text) };
}

/** The body of a digest as signed, whatever else a stored or received copy carries. */
function bodyOf(digest: DigestBody): DigestBody {
  const { format, partnerId, sequence, issuedAt, previousDigestHash, heads, keyId } = digest;
  return { format, partnerId, sequence, issuedAt, previousDigestHash, heads, keyId };
}

/**
 * Checks each partner's digests as one chain: each signed by a trusted key over exactly its
 * body, numbered without gaps from 1, each linked to the one before. Returns the digests
 * that can be relied on (those before a partner's first problem) and the problems.
 */
export function checkDigestChains(digests: SignedDigest[], keys: TrustedKeys): { sound: SignedDigest[]; problems: DigestProblem[] } {
  const byPartner = new Map<string, SignedDigest[]>();
  for (const digest of digests) {
    const chain = byPartner.get(digest.partnerId);
    if (chain) chain.push(digest);
    else byPartner.set(digest.partnerId, [digest]);
  }
  const sound: SignedDigest[] = [];
  const problems: DigestProblem[] = [];
  for (const [partnerId, chain] of byPartner) {
    const ordered = uniqueCopies(chain.sort((a, b) => a.sequence - b.sequence));
    let previousHash = GENESIS_HASH;
    for (const [index, digest] of ordered.entries()) {
      const problem =
        ordered[index + 1]?.sequence === digest.sequence
          ? { sequence: digest.sequence, problem: 'conflicting' as const, detail: `two different digests are numbered ${digest.sequence}` }
          : problemOf(digest, index + 1, previousHash, keys);
      if (problem) {
        problems.push({ partnerId, sequence: problem.sequence, problem: problem.problem, detail: problem.detail });
        break;
      }
      sound.push(digest);
      previousHash = digest.digestHash;
    }
  }
  return { sound, problems };
}

/** A digest met twice (published again after a crash, or read from two copies) counts once. */
function uniqueCopies(chain: SignedDigest[]): SignedDigest[] {
  return chain.filter(
    (digest, index) => index === 0 || chain[index - 1].sequence !== digest.sequence || chain[index - 1].digestHash !== digest.digestHash,
  );
}

function problemOf(
  digest: SignedDigest,
  expectedSequence: number,
  previousHash: string,
  keys: TrustedKeys,
): Omit<DigestProblem, 'partnerId'> | undefined {
  if (digest.sequence !== expectedSequence)
    return {
      sequence: expectedSequence,
      problem: 'missing',
      detail: `digest ${expectedSequence} is missing: the chain goes from ${expectedSequence - 1} to ${digest.sequence}`,
    };
  const unsigned = signatureProblem(digest, keys);
  if (unsigned) return { sequence: digest.sequence, ...unsigned };
  if (digest.previousDigestHash !== previousHash)
    return {
      sequence: digest.sequence,
      problem: 'relinked',
      detail: `digest ${digest.sequence} does not follow digest ${digest.sequence - 1}`,
    };
  return undefined;
}

/** Whether the digest is exactly what a trusted key signed, whatever its place in its chain. */
export function isSigned(digest: SignedDigest, keys: TrustedKeys): boolean {
  return signatureProblem(digest, keys) === undefined;
}

function signatureProblem(digest: SignedDigest, keys: TrustedKeys): Pick<DigestProblem, 'problem' | 'detail'> | undefined {
  const key = keys.find(digest.keyId);
  if (!key) return { problem: 'unknown-key', detail: `digest ${digest.sequence} is signed with key ${digest.keyId}, not a trusted one` };
  const text = canonicalJson(bodyOf(digest));
  if (sha256(text) !== digest.digestHash || !key.verifies(text, digest.signature))
    return { problem: 'bad-signature', detail: `digest ${digest.sequence} is not what key ${digest.keyId} signed` };
  return undefined;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
