import { Collection, Db } from 'mongodb';

export const READ_MODEL_POINTERS_COLLECTION = 'read_model_pointers';
/** The collection that serves until the first rebuild switches to another. */
export const DEFAULT_ACCOUNTS_COLLECTION = 'customer_accounts';
const POINTER_ID = 'customer_accounts';

/** How long a reader may keep using the collection it last looked up. */
export const POINTER_CACHE_MS = 1_000;

interface PointerDocument {
  _id: string;
  /** Where the projector writes. */
  collection: string;
  /** Where readers look, taking the highest version found: two collections while a rebuild switches. */
  read?: string[];
  switchedAt: Date;
}

/** Where the projector writes, and where readers look. */
export interface ReadModelTarget {
  write: string;
  read: string[];
}

/** Where the read model's account documents are. */
export interface ReadModelLocation {
  target(): Promise<ReadModelTarget>;
}

export class FixedReadModelLocation implements ReadModelLocation {
  constructor(private readonly name: string) {}

  async target(): Promise<ReadModelTarget> {
    return { write: this.name, read: [this.name] };
  }
}

/**
 * The active read-model collections, named by one document: a rebuild fills a fresh
 * collection while the live one serves, then moves readers and the projector over with
 * single-document writes, which are atomic on MongoDB and FerretDB alike.
 */
export class ReadModelPointer implements ReadModelLocation {
  private readonly pointers: Collection<PointerDocument>;
  private cached?: { target: ReadModelTarget; until: number };

  constructor(
    db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.pointers = db.collection<PointerDocument>(READ_MODEL_POINTERS_COLLECTION);
  }

  async target(): Promise<ReadModelTarget> {
    if (this.cached && this.cached.until > this.now()) return this.cached.target;
    const pointer = await this.pointers.findOne({ _id: POINTER_ID });
    const write = pointer?.collection ?? DEFAULT_ACCOUNTS_COLLECTION;
    const target = { write, read: pointer?.read?.length ? pointer.read : [write] };
    this.cached = { target, until: this.now() + POINTER_CACHE_MS };
    return target;
  }

  async point(target: ReadModelTarget, now = new Date()): Promise<void> {
    await this.pointers.updateOne(
      { _id: POINTER_ID },
      { $set: { collection: target.write, read: target.read, switchedAt: now } },
      { upsert: true },
    );
    this.cached = undefined;
  }
}
