import { CustomerAccountState } from '@app/domain';
import { ensureIndexes } from '@app/mongo';
import { AnyBulkWriteOperation, Collection, Db } from 'mongodb';
import { CustomerAccountDocument } from './customer-account-document';
import { ReadModelLocation, ReadModelPointer } from './read-model-pointer';

/** A new state for one account, written only if the stored one is still at `expectedVersion`. */
export interface AccountWrite {
  expectedVersion: number;
  document: CustomerAccountDocument;
}

/** The accounts in whichever collection the location names: the live one, or one being rebuilt. */
export class ReadModelRepository {
  constructor(
    private readonly db: Db,
    private readonly location: ReadModelLocation = new ReadModelPointer(db),
  ) {}

  /** The collection the projector writes, and reads back to guard its writes. */
  private async accounts(): Promise<Collection<CustomerAccountDocument>> {
    return this.db.collection<CustomerAccountDocument>((await this.location.target()).write);
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(await this.accounts(), [{ key: { partnerId: 1, _id: 1 }, name: 'by_partner' }]);
  }

  /**
   * While a rebuild switches, readers look in both collections and show the newer account,
   * so that no read shows less than one before it, whichever collection was ahead.
   */
  async get(customerId: string): Promise<CustomerAccountDocument | null> {
    const { read } = await this.location.target();
    const found = await Promise.all(read.map((name) => this.db.collection<CustomerAccountDocument>(name).findOne({ _id: customerId })));
    return found.reduce<CustomerAccountDocument | null>(
      (newest, account) => (account && (!newest || account.version > newest.version) ? account : newest),
      null,
    );
  }

  /** One `$in`: a batch's accounts in one round trip, through the `_id` index. */
  async getMany(customerIds: string[]): Promise<Map<string, CustomerAccountDocument>> {
    const documents = await (await this.accounts()).find({ _id: { $in: customerIds } }).toArray();
    return new Map(documents.map((document) => [document._id, document]));
  }

  /** The version of every account, in one pass. */
  async allVersions(): Promise<Map<string, number>> {
    const documents = await (await this.accounts()).find({}, { projection: { _id: 1, version: 1 } }).toArray();
    return new Map(documents.map((document) => [document._id, document.version]));
  }

  /** Every account's id and partner (of one partner, if given): where a verification looks for accounts without events. */
  async allOwners(partnerId?: string): Promise<Array<{ customerId: string; partnerId: string }>> {
    const documents = await (
      await this.accounts()
    )
      .find(partnerId !== undefined ? { partnerId } : {}, { projection: { _id: 1, partnerId: 1 } })
      .toArray();
    return documents.map((document) => ({ customerId: document._id, partnerId: document.partnerId }));
  }

  /**
   * Writes many accounts in few round trips, each guarded by its version so that two
   * projectors can never overwrite a newer state with an older one. Returns the ids whose
   * guard failed (someone else moved them): the caller re-reads and tries those again.
   */
  async writeAll(writes: AccountWrite[]): Promise<string[]> {
    if (writes.length === 0) return [];
    const operations: AnyBulkWriteOperation<CustomerAccountDocument>[] = writes.map(({ expectedVersion, document }) =>
      expectedVersion === 0
        ? { insertOne: { document } }
        : { replaceOne: { filter: { _id: document._id, version: expectedVersion }, replacement: document } },
    );
    const conflicts = new Set<string>();
    try {
      const result = await (await this.accounts()).bulkWrite(operations, { ordered: false });
      if (result.matchedCount + result.insertedCount === writes.length) return [];
    } catch (error) {
      // Duplicate inserts (another projector created the account first) come back as write errors.
      const writeErrors = (error as { writeErrors?: Array<{ index: number; code?: number }> }).writeErrors;
      if (!writeErrors) throw error;
      for (const writeError of writeErrors) {
        if (writeError.code !== 11000) throw error;
        conflicts.add(writes[writeError.index].document._id);
      }
    }
    // Which guarded replaces matched nothing? Ask for the versions that are there now.
    const stored = await this.getMany(writes.map((write) => write.document._id));
    for (const { document } of writes) {
      if (stored.get(document._id)?.version !== document.version) conflicts.add(document._id);
    }
    return [...conflicts];
  }
}

export function toDocument(
  state: Extract<CustomerAccountState, { status: 'registered' }>,
  lastEventId: string,
  updatedAt: string,
): CustomerAccountDocument {
  const { status: _status, ...account } = state;
  return { _id: state.customerId, ...account, lastEventId, updatedAt };
}
