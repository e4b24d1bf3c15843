import { isDuplicateKeyError } from '@app/mongo';
import { randomBytes, randomUUID } from 'node:crypto';
import { Collection, Db } from 'mongodb';
import { decrypt, encrypt } from './sealed-value';

export const CUSTOMER_KEYS_COLLECTION = 'personal_data_keys';

/** A customer's data key, wrapped by the master key; stored apart from the events. */
interface CustomerKeyDocument {
  _id: string;
  keyId: string;
  wrappedKey: string;
  /** The stream version of the first event it sealed. */
  firstVersion: number;
  createdAt: Date;
}

export interface CustomerKey {
  keyId: string;
  key: Buffer;
  firstVersion: number;
}

/**
 * One key per customer, in a database of its own (so that backups of the events never
 * hold the keys). Destroying it is what forgetting a customer's personal data means: the
 * ciphertexts stay in the immutable log, unreadable. Keys are read from the database on
 * every use and never cached, so a destroyed key is gone for every instance at once.
 */
export class CustomerKeyStore {
  private readonly keys: Collection<CustomerKeyDocument>;

  constructor(
    keysDb: Db,
    private readonly masterKey: Buffer,
  ) {
    this.keys = keysDb.collection<CustomerKeyDocument>(CUSTOMER_KEYS_COLLECTION);
  }

  async find(customerId: string): Promise<CustomerKey | undefined> {
    const document = await this.keys.findOne({ _id: customerId });
    return document ? this.unwrap(document) : undefined;
  }

  /**
   * The customer's key, made on first use (for the event at `version`); two instances
   * making one at once agree on the first. A registration (version 1) makes it straight
   * away: there can be none yet, and a lookup first would be a round trip for nothing.
   */
  async findOrCreate(customerId: string, version: number): Promise<CustomerKey> {
    if (version > 1) {
      const existing = await this.find(customerId);
      if (existing) return existing;
    }
    const key = randomBytes(32);
    const keyId = randomUUID();
    try {
      await this.keys.insertOne({
        _id: customerId,
        keyId,
        wrappedKey: encrypt(key, this.masterKey, `${customerId}/${keyId}`),
        firstVersion: version,
        createdAt: new Date(),
      });
      return { keyId, key, firstVersion: version };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const winner = await this.find(customerId);
      if (!winner) throw new Error(`The key of customer ${customerId} was made and destroyed at once; retry`);
      return winner;
    }
  }

  /** The keys of these customers that exist, in one query. */
  async findMany(customerIds: string[]): Promise<Map<string, CustomerKey>> {
    const documents = customerIds.length === 0 ? [] : await this.keys.find({ _id: { $in: customerIds } }).toArray();
    return new Map(documents.map((document) => [document._id, this.unwrap(document)]));
  }

  /** Destroys the key; with `before`, only if it first sealed an event before that version (a later key holds data given since). */
  async destroy(customerId: string, before?: number): Promise<boolean> {
    const result = await this.keys.deleteOne(
      before === undefined ? { _id: customerId } : { _id: customerId, firstVersion: { $lt: before } },
    );
    return result.deletedCount === 1;
  }

  private unwrap(document: CustomerKeyDocument): CustomerKey {
    return {
      keyId: document.keyId,
      key: decrypt(document.wrappedKey, this.masterKey, `${document._id}/${document.keyId}`),
      firstVersion: document.firstVersion,
    };
  }
}
