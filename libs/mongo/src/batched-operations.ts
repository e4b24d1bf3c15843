import { Collection, Document, MongoBulkWriteError, OptionalUnlessRequiredId } from 'mongodb';
import { Settled } from '@app/concurrency';

/**
 * The documents with these ids, in one query: each id answered with its document or null
 * (an id asked twice gets the same document twice).
 */
export async function findByIds<T extends Document & { _id: string }>(
  collection: Collection<T>,
  ids: string[],
): Promise<Settled<T | null>[]> {
  const found = await collection.find({ _id: { $in: [...new Set(ids)] } } as never).toArray();
  const byId = new Map(found.map((document) => [document._id as string, document as unknown as T]));
  return ids.map((id) => ({ ok: true, value: byId.get(id) ?? null }));
}

/**
 * The documents in one unordered insert, each with its own outcome: a document the
 * database refused (a duplicate key) fails alone, the others are stored. A failure of the
 * whole command (the connection, a write concern not met) is thrown for all of them.
 */
export async function insertEach<T extends Document>(
  collection: Collection<T>,
  documents: OptionalUnlessRequiredId<T>[],
): Promise<Settled<void>[]> {
  try {
    await collection.insertMany(documents, { ordered: false });
    return documents.map(() => ({ ok: true, value: undefined }));
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError) || error.writeConcernError) throw error;
    const refused = new Map([error.writeErrors].flat().map((writeError) => [writeError.index, writeError]));
    if (refused.size === 0) throw error;
    return documents.map((_, index) => {
      const writeError = refused.get(index);
      return writeError
        ? { ok: false, error: Object.assign(new Error(writeError.errmsg ?? 'The document was refused'), { code: writeError.code }) }
        : { ok: true, value: undefined };
    });
  }
}
