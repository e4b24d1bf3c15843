import { ChainBreak, findChainBreak, StoredChainEvent } from '@app/event-store';
import { DigestStore } from './digest-store';
import { TrustedKeys } from './signing-keys';
import { findAnchorBreak, unanchoredEvents } from './stream-anchors';
import { isSigned } from './stream-digest';

/** What a reader of one customer's records is told about them, beside the records. */
export interface StreamIntegrity {
  /** `broken`: the stored stream is not what was written and signed; its values are not to be relied on. */
  status: 'intact' | 'broken';
  /** The last version a sound digest signed (0: none yet). */
  signedThroughVersion: number;
  /** Events newer than the last digest that signs the stream. */
  unsignedEvents: number;
  break?: ChainBreak;
  /** Something a reader should check, though nothing is broken. */
  warning?: string;
}

/**
 * One stream checked as it is read: its chain, and its heads against the digests that sign
 * them (their signatures checked with the public key, so an edited digest vouches for
 * nothing). The database's copy of the digests is what can be read per request; a digest
 * deleted from it shows as a stream left unsigned too long, which full verification, against
 * the digests topic, settles.
 */
export class StreamIntegrityCheck {
  constructor(
    private readonly digests: Pick<DigestStore, 'signing'>,
    private readonly keys: TrustedKeys,
    /** Past this age an unsigned event means a digest is missing, not one still to come. */
    private readonly signedWithinMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async check(customerId: string, stored: StoredChainEvent[]): Promise<StreamIntegrity> {
    const signing = await this.digests.signing(customerId);
    // Each digest checked alone: its signature, not its place in the partner's chain, which full verification checks.
    const sound = signing.filter((digest) => isSigned(digest, this.keys));
    const anchors = sound
      .flatMap((digest) =>
        digest.heads
          .filter((head) => head.customerId === customerId)
          .map((head) => ({ version: head.version, hash: head.hash, partnerId: digest.partnerId, sequence: digest.sequence })),
      )
      .sort((a, b) => a.version - b.version);
    const broken = findChainBreak(customerId, stored) ?? findAnchorBreak(customerId, stored, anchors);
    const signedThroughVersion = anchors.at(-1)?.version ?? 0;
    const unsigned = Math.max(0, unanchoredEvents(stored, anchors));
    const firstUnsigned = stored[signedThroughVersion];
    const overdue = firstUnsigned && this.now().getTime() - Date.parse(firstUnsigned.occurredAt) > this.signedWithinMs;
    return {
      status: broken ? 'broken' : 'intact',
      signedThroughVersion,
      unsignedEvents: unsigned,
      ...(broken && { break: broken }),
      ...(!broken &&
        overdue && {
          warning: `version ${signedThroughVersion + 1} on is older than the digest interval and no digest signs it: verify against the digests topic`,
        }),
    };
  }
}
