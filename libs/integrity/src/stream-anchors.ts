import { ChainBreak, StoredChainEvent } from '@app/event-store';
import { SignedDigest } from './stream-digest';

/** A stream head a sound digest signed: the store must still hold that hash at that version. */
export interface Anchor {
  version: number;
  hash: string;
  partnerId: string;
  sequence: number;
}

/** Every customer's anchors, in version order, from digests that passed their checks. */
export function anchorsFrom(digests: SignedDigest[]): Map<string, Anchor[]> {
  const anchors = new Map<string, Anchor[]>();
  for (const digest of digests)
    for (const head of digest.heads) {
      const anchor: Anchor = { version: head.version, hash: head.hash, partnerId: digest.partnerId, sequence: digest.sequence };
      const list = anchors.get(head.customerId);
      if (list) list.push(anchor);
      else anchors.set(head.customerId, [anchor]);
    }
  for (const list of anchors.values()) list.sort((a, b) => a.version - b.version);
  return anchors;
}

/**
 * Where a stream as stored (in version order) differs from what the digests signed: the
 * hash chain alone cannot see an edit whose author recomputed every hash after it, but the
 * signed head no longer matches. The edit lies between the last head that still matches and
 * the first that does not, which is as near as the heads can point.
 */
export function findAnchorBreak(customerId: string, events: StoredChainEvent[], anchors: Anchor[]): ChainBreak | null {
  let vouchedThrough = 0;
  for (const anchor of anchors) {
    const stored = events[anchor.version - 1];
    const where = `digest ${anchor.sequence} of partner ${anchor.partnerId}`;
    if (!stored || stored.version !== anchor.version)
      return {
        customerId,
        version: anchor.version,
        problem: 'missing',
        detail: `version ${anchor.version}, signed in ${where}, is not in the store`,
      };
    if (stored.hash !== anchor.hash) {
      const from = vouchedThrough + 1;
      const span = from === anchor.version ? `version ${from}` : `one of versions ${from} to ${anchor.version}`;
      return {
        customerId,
        version: from,
        throughVersion: anchor.version,
        problem: 'forged',
        detail: `${span} was changed after ${where} signed it, and the chain recomputed`,
      };
    }
    vouchedThrough = anchor.version;
  }
  return null;
}

/** How many of the stream's events no sound digest vouches for yet (the newest, normally). */
export function unanchoredEvents(events: StoredChainEvent[], anchors: Anchor[] | undefined): number {
  return events.length - (anchors?.at(-1)?.version ?? 0);
}
