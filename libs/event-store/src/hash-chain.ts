import { StoredEvent } from '@app/domain';
import { createHash } from 'node:crypto';

/** What the first event of every stream links to. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainLink {
  previousHash: string;
  hash: string;
}

/** An event sealed into its stream: any edit, removal or move breaks the chain. */
export type ChainedEvent<E extends object = StoredEvent> = E & ChainLink;

/** An event as found in the store: of any schema version, sealed unless it predates the chain. */
export type StoredChainEvent = StoredEvent & Partial<ChainLink>;

export interface ChainBreak {
  customerId: string;
  /** The first version at which the stored stream is not what was written. */
  version: number;
  /** Where only a range can be named (an edit under a recomputed chain): its last version. */
  throughVersion?: number;
  /** `forged`: the chain holds, but a signed digest vouched for another hash (libs/integrity). */
  problem: 'missing' | 'out-of-order' | 'altered' | 'unchained' | 'forged';
  detail: string;
}

/**
 * Seals freshly recorded events, in the form they are stored in (personal values
 * encrypted: the chain covers the ciphertext), after the stream's last hash.
 */
export function chainEvents<E extends object>(events: E[], previousHash: string): ChainedEvent<E>[] {
  const chained: ChainedEvent<E>[] = [];
  for (const event of events) {
    const link = chained.at(-1)?.hash ?? previousHash;
    chained.push({ ...event, previousHash: link, hash: hashOf(event, link) });
  }
  return chained;
}

/**
 * The first place where a stored stream (in stored version order) differs from what was
 * written, or null when every event is where it was put, unchanged.
 */
export function findChainBreak(customerId: string, events: StoredChainEvent[]): ChainBreak | null {
  let link = GENESIS_HASH;
  for (const [index, event] of events.entries()) {
    const expected = index + 1;
    const broken = (problem: ChainBreak['problem'], version: number, detail: string): ChainBreak => ({
      customerId,
      version,
      problem,
      detail,
    });
    if (event.version !== expected) {
      const storedLater = events.slice(index + 1).some((later) => later.version === expected);
      if (event.version > expected && !storedLater)
        return broken('missing', expected, `version ${expected} is missing: the stream goes from ${expected - 1} to ${event.version}`);
      return broken('out-of-order', expected, `version ${event.version} is stored where version ${expected} belongs`);
    }
    if (!event.hash || !event.previousHash) return broken('unchained', expected, `version ${expected} carries no hash`);
    const { hash, previousHash, ...content } = event;
    if (hashOf(content, previousHash) !== hash) return broken('altered', expected, `version ${expected} was changed after it was written`);
    if (previousHash !== link) return broken('out-of-order', expected, `version ${expected} does not follow the event stored before it`);
    link = hash;
  }
  return null;
}

function hashOf(event: object, previousHash: string): string {
  return createHash('sha256').update(previousHash).update('\n').update(canonicalJson(event)).digest('hex');
}

/** JSON with keys in sorted order at every level, so that storage may reorder keys freely. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, child]) => child !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, child]) => `${JSON.stringify(key)}:${canonicalJson(child)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
