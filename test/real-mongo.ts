import { Db, MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';

/**
 * For test files that talk to the real server through the driver alone: one client for
 * the file, and a database of its own for each test that asks.
 */
export function useRealMongo(databasePrefix: string): { freshDb(): Db } {
  let client: MongoClient;
  beforeAll(async () => {
    client = await MongoClient.connect(process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:37017/');
  });
  afterAll(() => client?.close());
  return { freshDb: () => client.db(`${databasePrefix}_${randomUUID().slice(0, 8)}`) };
}
