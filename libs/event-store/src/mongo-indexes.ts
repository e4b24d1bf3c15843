import { Collection, Document, IndexDescription } from 'mongodb';

/**
 * Creates indexes one call each. FerretDB 1.24 panics (and drops the connection) when a
 * single createIndexes names two or more indexes that already exist, which is every start
 * after the first; one index a call is what both servers take.
 */
export async function ensureIndexes<T extends Document>(collection: Collection<T>, indexes: IndexDescription[]): Promise<void> {
  for (const { key, ...options } of indexes) await collection.createIndex(key, options);
}
