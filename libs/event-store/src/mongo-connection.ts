import { MongoClient } from 'mongodb';

/**
 * A client whose writes are acknowledged only once journaled by a majority: an accepted
 * command must survive a crash. (FerretDB accepts the setting; SQLite syncs on commit.)
 */
export async function connectMongo(uri: string): Promise<MongoClient> {
  const client = new MongoClient(uri, {
    writeConcern: { w: 'majority', journal: true },
    serverSelectionTimeoutMS: 10_000,
    // Do not ask for retryable writes: FerretDB has no sessions, and each write here is
    // an insert with a unique key or an idempotent update, so a retry is safe anyway.
    retryWrites: false,
    // An absent optional field stays absent, never a stored null.
    ignoreUndefined: true,
  });
  await client.connect();
  return client;
}
