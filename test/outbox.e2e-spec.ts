import { CommandAlreadyCommitted, StreamVersionConflict } from '@app/event-store';
import { bareCommit, eventStoreFor } from '@app/testing';
import { OutboxQueries } from '@app/outbox';
import { Collection } from 'mongodb';
import { useRealMongo } from './real-mongo';

// The outbox is the set of commits marked pending, written with the commit itself.
// What it must never do: publish a commit twice, publish out of stream order, or lose one.
describe('The outbox on the real server', () => {
  const { freshDb } = useRealMongo('test_outbox');
  const pendingIds = async (db: ReturnType<typeof freshDb>, limit = 100, shard = 0) =>
    (await new OutboxQueries(db).findUnpublished([shard], limit)).map((commit) => commit._id);

  it('offers appended commits in stream order per customer, until they are marked published', async () => {
    const db = freshDb();
    const store = eventStoreFor(db);
    await store.ensureIndexes();
    for (const version of [1, 2, 3]) await store.append(bareCommit('b', version));
    await store.append(bareCommit('a', 1));
    expect(await pendingIds(db)).toEqual(['command-a-1', 'command-b-1', 'command-b-2', 'command-b-3']);
    // A limit keeps the oldest part of each customer's backlog.
    expect(await pendingIds(db, 2)).toEqual(['command-a-1', 'command-b-1']);
    expect(await new OutboxQueries(db).countUnpublished()).toMatchObject({ commits: 4, oldestCommittedAt: expect.any(Date) });
    await new OutboxQueries(db).markPublished(['command-a-1', 'command-b-1']);
    expect(await pendingIds(db)).toEqual(['command-b-2', 'command-b-3']);
    // Offered as appended: without the outbox's mark.
    expect((await new OutboxQueries(db).findUnpublished([0], 1))[0]).toEqual(
      bareCommit('b', 2, (await store.findCommit('command-b-2'))!.committedAt),
    );
    await db.dropDatabase();
  });

  it('never offers a published commit again when a late duplicate of its command arrives', async () => {
    const db = freshDb();
    const store = eventStoreFor(db);
    await store.append(bareCommit('a', 1));
    await new OutboxQueries(db).markPublished(['command-a-1']);
    await expect(store.append(bareCommit('a', 1, new Date(Date.now() + 5)))).rejects.toBeInstanceOf(CommandAlreadyCommitted);
    expect(await pendingIds(db)).toEqual([]);
    await db.dropDatabase();
  });

  it('leaves nothing to publish when an attempt loses its stream position to another command', async () => {
    const db = freshDb();
    const store = eventStoreFor(db);
    await store.ensureIndexes();
    await store.append(bareCommit('a', 1));
    await expect(store.append({ ...bareCommit('a', 1), _id: 'another-command' })).rejects.toBeInstanceOf(StreamVersionConflict);
    await store.append(bareCommit('a', 2));
    expect(await pendingIds(db)).toEqual(['command-a-1', 'command-a-2']);
    expect(await db.collection('event_commits').countDocuments()).toBe(2);
    await db.dropDatabase();
  });

  it('appends commits made side by side in one insert, each with its own outcome', async () => {
    const db = freshDb();
    const store = eventStoreFor(db);
    await store.ensureIndexes();
    await store.append(bareCommit('a', 1));
    const inserts: number[] = [];
    const insertMany = Collection.prototype.insertMany;
    const spy = jest.spyOn(Collection.prototype, 'insertMany').mockImplementation(function (this: Collection, documents, options) {
      inserts.push(documents.length);
      return insertMany.call(this, documents, options);
    });
    try {
      const outcomes = await Promise.allSettled([
        store.append(bareCommit('b', 1)),
        store.append(bareCommit('a', 1)), // the same command again
        store.append({ ...bareCommit('a', 2), _id: 'first-for-a-2' }),
        store.append({ ...bareCommit('a', 2), _id: 'second-for-a-2' }), // lost the race for a's version 2
        store.append(bareCommit('c', 1)),
      ]);
      expect(outcomes.map((outcome) => (outcome.status === 'fulfilled' ? 'stored' : (outcome.reason as Error).constructor.name))).toEqual([
        'stored',
        'CommandAlreadyCommitted',
        'stored',
        'StreamVersionConflict',
        'stored',
      ]);
    } finally {
      spy.mockRestore();
    }
    // The first went alone; the four made while it was on its way, together.
    expect(inserts).toEqual([1, 4]);
    expect(await pendingIds(db)).toEqual(['command-a-1', 'first-for-a-2', 'command-b-1', 'command-c-1']);
    await db.dropDatabase();
  });

  it("offers each shard only its own customers' commits, so publishers of two shards never share a customer", async () => {
    const db = freshDb();
    const shardOf = (customerId: string) => (customerId < 'm' ? 0 : 1);
    const store = eventStoreFor(db, db, shardOf);
    await store.ensureIndexes();
    for (const customerId of ['a', 'z', 'b', 'y']) await store.append(bareCommit(customerId, 1));
    await store.append(bareCommit('z', 2));
    expect(await pendingIds(db, 100, 0)).toEqual(['command-a-1', 'command-b-1']);
    expect(await pendingIds(db, 100, 1)).toEqual(['command-y-1', 'command-z-1', 'command-z-2']);
    expect(await pendingIds(db, 100, 2)).toEqual([]);
    await db.dropDatabase();
  });

  it('gives commits stored before shards their shard, so that they are published and never left behind', async () => {
    const db = freshDb();
    const store = eventStoreFor(db);
    await store.ensureIndexes();
    await store.append(bareCommit('a', 1));
    await store.append(bareCommit('z', 1));
    await db.collection('event_commits').updateMany({}, { $unset: { outboxShard: '' } });
    expect(await pendingIds(db, 100, 0)).toEqual([]);

    const queries = new OutboxQueries(db);
    expect(await queries.assignMissingShards((customerId) => (customerId === 'z' ? 2 : 0))).toBe(2);
    expect(await queries.assignMissingShards(() => 1)).toBe(0);
    expect(await pendingIds(db, 100, 0)).toEqual(['command-a-1']);
    expect(await pendingIds(db, 100, 2)).toEqual(['command-z-1']);
    await db.dropDatabase();
  });
});
