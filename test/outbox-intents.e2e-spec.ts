import { CommandAlreadyCommitted, EventCommit, OUTBOX_INTENTS_COLLECTION, StreamVersionConflict } from '@app/event-store';
import { eventStoreFor } from '@app/testing';
import { useRealMongo } from './real-mongo';

// The outbox keeps one intent per commit still to publish, in a collection of its own.
// What it must never do: publish a commit twice, publish out of stream order, or lose one.
describe('Outbox intents on the real server', () => {
  const { freshDb } = useRealMongo('test_outbox');
  const commitOf = (customerId: string, version: number, committedAt = new Date()): EventCommit => ({
    _id: `command-${customerId}-${version}`,
    commandType: 'UpdateCustomerDetails',
    customerId,
    partnerId: 'partner',
    firstVersion: version,
    lastVersion: version,
    events: [],
    committedAt,
  });
  const pendingIds = async (db: ReturnType<typeof freshDb>) => (await eventStoreFor(db).findUnpublished(100)).map((commit) => commit._id);

  it('offers appended commits in stream order per customer, until they are marked published', async () => {
    const db = freshDb();
    const store = eventStoreFor(db);
    for (const version of [1, 2, 3]) await store.append(commitOf('b', version));
    await store.append(commitOf('a', 1));
    expect(await pendingIds(db)).toEqual(['command-a-1', 'command-b-1', 'command-b-2', 'command-b-3']);
    expect(await store.countUnpublished()).toMatchObject({ commits: 4, oldestCommittedAt: expect.any(Date) });
    await store.markPublished(['command-a-1', 'command-b-1']);
    expect(await pendingIds(db)).toEqual(['command-b-2', 'command-b-3']);
    await db.dropDatabase();
  });

  it('never offers a published commit again when a late duplicate of its command arrives', async () => {
    const db = freshDb();
    const store = eventStoreFor(db);
    await store.append(commitOf('a', 1));
    await store.markPublished(['command-a-1']);
    await expect(store.append(commitOf('a', 1, new Date(Date.now() + 5)))).rejects.toBeInstanceOf(CommandAlreadyCommitted);
    expect(await pendingIds(db)).toEqual([]);
    expect(await db.collection(OUTBOX_INTENTS_COLLECTION).countDocuments()).toBe(0); // the stray intent is dropped
    await db.dropDatabase();
  });

  it('leaves no intent behind when an attempt loses its stream position to another command', async () => {
    const db = freshDb();
    const store = eventStoreFor(db);
    await store.ensureIndexes();
    await store.append(commitOf('a', 1));
    await expect(store.append({ ...commitOf('a', 1), _id: 'another-command' })).rejects.toBeInstanceOf(StreamVersionConflict);
    await store.append(commitOf('a', 2));
    expect(await pendingIds(db)).toEqual(['command-a-1', 'command-a-2']);
    expect(await db.collection(OUTBOX_INTENTS_COLLECTION).countDocuments()).toBe(2);
    await db.dropDatabase();
  });

  it('holds a customer back behind an attempt whose commit may still land, until its position is taken or it is surely orphaned', async () => {
    const db = freshDb();
    const store = eventStoreFor(db);
    const intents = db.collection(OUTBOX_INTENTS_COLLECTION);
    const inFlight = (commandId: string, version: number, committedAt: Date) =>
      intents.insertOne({ _id: `${commandId}@${committedAt.getTime()}`, commandId, customerId: 'a', firstVersion: version, committedAt } as never);
    await store.append(commitOf('a', 1));
    await inFlight('unsure', 2, new Date(Date.now() - 6_000)); // old enough to be looked into
    await store.append(commitOf('b', 1));
    expect(await pendingIds(db)).toEqual(['command-a-1', 'command-b-1']);
    // Another command takes version 2: the unsure attempt cannot land any more.
    await store.append(commitOf('a', 2));
    expect(await pendingIds(db)).toEqual(['command-a-1', 'command-a-2', 'command-b-1']);
    // One whose position stays free is given up after ten minutes.
    await inFlight('stuck', 3, new Date(Date.now() - 11 * 60_000));
    expect(await pendingIds(db)).toEqual(['command-a-1', 'command-a-2', 'command-b-1']);
    expect(await intents.countDocuments({ commandId: { $in: ['unsure', 'stuck'] } } as never)).toBe(0);
    await db.dropDatabase();
  });
});
