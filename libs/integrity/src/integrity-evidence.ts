import { Anchor, anchorsFrom } from './stream-anchors';
import { checkDigestChains, DigestProblem, SignedDigest } from './stream-digest';
import { TrustedKeys } from './signing-keys';

/** What verification checks the stored chains against: the sound digests' anchors, and what was wrong with the rest. */
export interface IntegrityEvidence {
  /** Where the digests were read: the digests topic, an auditor's file, or the database's own copy. */
  source: string;
  keyIds: string[];
  /** Digests that passed every check. */
  digests: number;
  problems: DigestProblem[];
  /** Differences between the database's copy of the digests and the source's. */
  copyDifferences: string[];
  anchors: Map<string, Anchor[]>;
}

/**
 * Digests as read from a source the service does not control (a topic, a file): anything
 * that is not a digest is a problem of its own, never a reason to trust less of the rest.
 */
export function integrityEvidence(
  candidates: unknown[],
  keys: TrustedKeys,
  source: string,
  scope: { partnerId?: string; databaseCopy?: SignedDigest[] } = {},
): IntegrityEvidence {
  const problems: DigestProblem[] = [];
  const digests: SignedDigest[] = [];
  for (const [index, candidate] of candidates.entries()) {
    if (!isDigest(candidate)) {
      problems.push({
        partnerId: '(unknown)',
        sequence: 0,
        problem: 'bad-signature',
        detail: `record ${index + 1} of ${source} is not a digest`,
      });
      continue;
    }
    if (scope.partnerId === undefined || candidate.partnerId === scope.partnerId) digests.push(candidate);
  }
  const checked = checkDigestChains(digests, keys);
  return {
    source,
    keyIds: keys.keyIds,
    digests: checked.sound.length,
    problems: [...problems, ...checked.problems],
    copyDifferences: scope.databaseCopy ? copyDifferences(scope.databaseCopy, checked.sound) : [],
    anchors: anchorsFrom(checked.sound),
  };
}

/** Digests the witness holds that the database lost or changed: the database copy is not trusted, only compared. */
function copyDifferences(databaseCopy: SignedDigest[], witnessed: SignedDigest[]): string[] {
  const stored = new Map(databaseCopy.map((digest) => [`${digest.partnerId}:${digest.sequence}`, digest.digestHash]));
  return witnessed.flatMap((digest) => {
    const kept = stored.get(`${digest.partnerId}:${digest.sequence}`);
    if (kept === undefined) return [`digest ${digest.sequence} of partner ${digest.partnerId} is not in the database`];
    if (kept !== digest.digestHash) return [`digest ${digest.sequence} of partner ${digest.partnerId} differs in the database`];
    return [];
  });
}

function isDigest(value: unknown): value is SignedDigest {
  const digest = value as Partial<SignedDigest> | null;
  return (
    typeof digest === 'object' &&
    digest !== null &&
    typeof digest.partnerId === 'string' &&
    Number.isInteger(digest.sequence) &&
    typeof digest.issuedAt === 'string' &&
    typeof digest.previousDigestHash === 'string' &&
    typeof digest.digestHash === 'string' &&
    typeof digest.signature === 'string' &&
    typeof digest.keyId === 'string' &&
    Array.isArray(digest.heads) &&
    digest.heads.every(
      (head) =>
        typeof head === 'object' &&
        head !== null &&
        typeof head.customerId === 'string' &&
        Number.isInteger(head.version) &&
        typeof head.hash === 'string',
    )
  );
}
