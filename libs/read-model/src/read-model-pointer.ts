import { Collection, Db } from 'mongodb';

export const READ_MODEL_POINTERS_COLLECTION = 'read_model_pointers';
/** The collection that serves until the first rebuild switches to another. */
export const DEFAULT_ACCOUNTS_COLLECTION = 'customer_accounts';
const POINTER_ID = 'customer_accounts';

/** How long a reader may keep using the collection it last looked up. */
export const POINTER_CACHE_MS = 1_000;

interface PointerDocument {
  _id: string;
  collection: string;
  switchedAt: Date;
}

/** Where the read model's account documents are. */
export interface ReadModelLocation {
  collectionName(): Promise<string>;
}

export class FixedReadModelLocation implements ReadModelLocation {
  constructor(private readonly name: string) {}

  async collectionName(): Promise<string> {
    return this.name;
  }
}

/**
 * The active read-model collection, named by one document: a rebuild fills a fresh
 * collection while the live one serves, then switches every reader and the projector over
 * with a single-document write, which is atomic on MongoDB and FerretDB alike.
 */
export class ReadModelPointer implements ReadModelLocation {
  private readonly pointers: Collection<PointerDocument>;
  private cached?: { name: string; until: number };

  constructor(db: Db, private readonly now: () => number = Date.now) {
    this.pointers = db.collection<PointerDocument>(READ_MODEL_POINTERS_COLLECTION);
  }

  async collectionName(): Promise<string> {
    if (this.cached && this.cached.until > this.now()) return this.cached.name;
    const pointer = await this.pointers.findOne({ _id: POINTER_ID });
    const name = pointer?.collection ?? DEFAULT_ACCOUNTS_COLLECTION;
    this.cached = { name, until: this.now() + POINTER_CACHE_MS };
    return name;
  }

  async switchTo(collection: string, now = new Date()): Promise<void> {
    await this.pointers.updateOne({ _id: POINTER_ID }, { $set: { collection, switchedAt: now } }, { upsert: true });
    this.cached = undefined;
  }
}
