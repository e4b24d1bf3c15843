import { ensureIndexes, isDuplicateKeyError } from '@app/mongo';
import { Collection, Db } from 'mongodb';
import { SignedDigest } from './stream-digest';

export const DIGESTS_COLLECTION = 'integrity_digests';
const DIGESTER_STATE_COLLECTION = 'integrity_digester';

interface DigestDocument extends SignedDigest {
  _id: string;
  /** 'pending' until the digests topic has acknowledged the digest. */
  publication?: 'pending';
}

/** Another instance signed the partner's digest of that number first. */
export class DigestSequenceTaken extends Error {}

/**
 * The digests as the service keeps them: the state the next digest links to, and a copy
 * for readers. Verification does not trust this copy alone; the digests topic is the
 * witness outside the database.
 */
export class DigestStore {
  private readonly digests: Collection<DigestDocument>;
  private readonly state: Collection<{ _id: string; coveredUntil: Date }>;

  constructor(db: Db) {
    this.digests = db.collection<DigestDocument>(DIGESTS_COLLECTION);
    this.state = db.collection(DIGESTER_STATE_COLLECTION);
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.digests, [
      { key: { partnerId: 1, sequence: 1 }, name: 'partner_sequence', unique: true },
      { key: { publication: 1 }, name: 'unpublished' },
      // A customer's records, as they are read, are checked against the digests that sign its stream.
      { key: { 'heads.customerId': 1 }, name: 'signed_streams' },
    ]);
  }

  /** Each partner's newest digest. */
  async latestOf(partnerIds: string[]): Promise<Map<string, SignedDigest>> {
    const latest = new Map<string, SignedDigest>();
    for (const partnerId of partnerIds) {
      const digest = await this.digests.findOne({ partnerId }, { sort: { sequence: -1 } });
      if (digest) latest.set(partnerId, withoutStorage(digest));
    }
    return latest;
  }

  /** Stored marked for publication; refused when the number is taken (a digester elsewhere was first). */
  async insert(digest: SignedDigest): Promise<void> {
    try {
      await this.digests.insertOne({ _id: `${digest.partnerId}:${digest.sequence}`, ...digest, publication: 'pending' });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new DigestSequenceTaken(`digest ${digest.sequence} of ${digest.partnerId} exists`);
      throw error;
    }
  }

  async unpublished(): Promise<SignedDigest[]> {
    const found = await this.digests.find({ publication: 'pending' }).sort({ partnerId: 1, sequence: 1 }).toArray();
    return found.map(withoutStorage);
  }

  async markPublished(digests: SignedDigest[]): Promise<void> {
    if (digests.length === 0) return;
    await this.digests.updateMany(
      { _id: { $in: digests.map((digest) => `${digest.partnerId}:${digest.sequence}`) } },
      { $unset: { publication: '' } },
    );
  }

  /** The digests that sign one customer's stream, oldest first. */
  async signing(customerId: string): Promise<SignedDigest[]> {
    const found = await this.digests.find({ 'heads.customerId': customerId }).sort({ sequence: 1 }).toArray();
    return found.map(withoutStorage);
  }

  /** One partner's digests, or every partner's, oldest first. */
  async all(partnerId?: string): Promise<SignedDigest[]> {
    const found = await this.digests
      .find(partnerId === undefined ? {} : { partnerId })
      .sort({ partnerId: 1, sequence: 1 })
      .toArray();
    return found.map(withoutStorage);
  }

  /** Until when commits have been looked at for digests. */
  async coveredUntil(): Promise<Date | undefined> {
    return (await this.state.findOne({ _id: 'digester' }))?.coveredUntil;
  }

  async cover(until: Date): Promise<void> {
    const advance = () => this.state.updateOne({ _id: 'digester' }, { $max: { coveredUntil: until } }, { upsert: true });
    try {
      await advance();
    } catch (error) {
      // Two first passes upserted at once and the other inserted first: now there is a document to advance.
      if (!isDuplicateKeyError(error)) throw error;
      await advance();
    }
  }
}

function withoutStorage(document: DigestDocument): SignedDigest {
  const { _id, publication: _publication, ...digest } = document;
  return digest;
}
