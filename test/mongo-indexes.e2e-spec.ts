import { ensureIndexes } from '@app/mongo';
import { IndexDescription } from 'mongodb';
import { useRealMongo } from './real-mongo';

describe('ensureIndexes on the real server', () => {
  const { freshDb } = useRealMongo('test_indexes');

  it('creates indexes again without complaint, and replaces one whose definition changed', async () => {
    const db = freshDb();
    const collection = db.collection('things');
    const first: IndexDescription[] = [
      { key: { a: 1 }, name: 'by_a' },
      { key: { b: 1, c: 1 }, name: 'by_b', unique: true },
    ];
    await ensureIndexes(collection, first);
    await ensureIndexes(collection, first); // FerretDB 1.24 panicked on this as one createIndexes call
    await ensureIndexes(collection, [{ key: { a: 1, d: 1 }, name: 'by_a' }]);
    const indexes = await collection.indexes();
    expect(indexes.find((index) => index.name === 'by_a')?.key).toEqual({ a: 1, d: 1 });
    expect(indexes.find((index) => index.name === 'by_b')).toMatchObject({ key: { b: 1, c: 1 }, unique: true });
    await db.dropDatabase();
  });
});
