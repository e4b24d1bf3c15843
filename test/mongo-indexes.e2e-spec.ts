import { ensureIndexes } from '@app/event-store';
import { IndexDescription, MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';

describe('ensureIndexes on the real server', () => {
  let client: MongoClient;
  beforeAll(async () => {
    client = await MongoClient.connect(process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:37017/');
  });
  afterAll(() => client?.close());

  it('creates indexes again without complaint, and replaces one whose definition changed', async () => {
    const db = client.db(`test_indexes_${randomUUID().slice(0, 8)}`);
    const collection = db.collection('things');
    const first: IndexDescription[] = [{ key: { a: 1 }, name: 'by_a' }, { key: { b: 1, c: 1 }, name: 'by_b', unique: true }];
    await ensureIndexes(collection, first);
    await ensureIndexes(collection, first); // FerretDB 1.24 panicked on this as one createIndexes call
    await ensureIndexes(collection, [{ key: { a: 1, d: 1 }, name: 'by_a' }]);
    const indexes = await collection.indexes();
    expect(indexes.find((index) => index.name === 'by_a')?.key).toEqual({ a: 1, d: 1 });
    expect(indexes.find((index) => index.name === 'by_b')).toMatchObject({ key: { b: 1, c: 1 }, unique: true });
    await db.dropDatabase();
  });
});
