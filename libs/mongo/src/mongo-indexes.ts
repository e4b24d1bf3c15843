import { Collection, Document, IndexDescription } from 'mongodb';

/** IndexOptionsConflict and IndexKeySpecsConflict: an index of that name exists with another definition. */
const CHANGED_INDEX_CODES = new Set([85, 86]);

/**
 * Creates indexes one call each. FerretDB 1.24 panics (and drops the connection) when a
 * single createIndexes names two or more indexes that already exist, which is every start
 * after the first; one index a call is what both servers take. An index whose definition
 * changed between releases is dropped and created anew under its name.
 */
export async function ensureIndexes<T extends Document>(collection: Collection<T>, indexes: IndexDescription[]): Promise<void> {
  for (const { key, ...options } of indexes) {
    try {
      await collection.createIndex(key, options);
    } catch (error) {
      if (!options.name || !CHANGED_INDEX_CODES.has((error as { code?: number }).code ?? 0)) throw error;
      await collection.dropIndex(options.name);
      await collection.createIndex(key, options);
    }
  }
}
