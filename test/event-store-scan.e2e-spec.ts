import { EventCommit, StoredStream } from '@app/event-store';
import { FindCursor } from 'mongodb';
import { bareCommit, eventStoreFor } from '@app/testing';
import { useRealMongo } from './real-mongo';

// A scan of every stream (rebuilds, verification) reads the store a range of customer ids at a
// time. Whatever the ranges, it must give every stream once, whole, in customer id order, and a
// resumed scan exactly the streams after the one it resumes from.
describe('A scan of every stream on the real server', () => {
  const { freshDb } = useRealMongo('test_scan');
  const customers = [
    '0a6f3c1e-0000-4000-8000-000000000001',
    '1ffe0000-0000-4000-8000-000000000002',
    '2b000000-0000-4000-8000-000000000003',
    '5C0FFEE0-0000-4000-8000-000000000004',
    '8d000000-0000-4000-8000-000000000005',
    'A1B2C3D4-0000-4000-8000-000000000006',
    'Ee000000-0000-4000-8000-000000000007',
    'a0000000-0000-4000-8000-000000000008',
    'c7000000-0000-4000-8000-000000000009',
    'e0000000-0000-4000-8000-00000000000a',
    'ffffffff-ffff-4fff-bfff-ffffffffffff',
  ];
  const commitOf = (customerId: string, version: number) => ({ ...bareCommit(customerId, version), events: [{ version } as never] });
  const scanned = async (store: ReturnType<typeof eventStoreFor>, after?: string) => {
    const streams: StoredStream[] = [];
    for await (const stream of store.scanStreams(after)) streams.push(stream);
    return streams.map(({ customerId, commits, events }) => ({ customerId, commits, versions: events.map((event) => event.version) }));
  };

  it('gives every stream once, whole and in order, and a resumed scan the streams after the one it names', async () => {
    const db = freshDb();
    const store = eventStoreFor(db);
    await store.ensureIndexes();
    // Appended newest customer first, versions interleaved: the order must come from the scan.
    for (const version of [1, 2, 3]) for (const customerId of [...customers].reverse()) await store.append(commitOf(customerId, version));
    const sorted = [...customers].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    const whole = (customerId: string) => ({ customerId, commits: 3, versions: [1, 2, 3] });

    expect(await scanned(store)).toEqual(sorted.map(whole));
    for (const after of [sorted[0], sorted[4], sorted[5], '9', sorted[sorted.length - 1]]) {
      expect(await scanned(store, after)).toEqual(sorted.filter((customerId) => customerId > after).map(whole));
    }
    await db.dropDatabase();
  });

  it('asks for a range again when the server has dropped its cursor while an earlier range was read', async () => {
    const db = freshDb();
    const store = eventStoreFor(db);
    await store.ensureIndexes();
    // Two ranges: a small first one, and a second one of more than one batch (1,000 commits).
    const first = ['0a', '0b'].map((prefix) => `${prefix}000000-0000-4000-8000-000000000000`);
    const second = Array.from({ length: 110 }, (_, n) => `3${String(n).padStart(7, '0')}-0000-4000-8000-000000000000`);
    const commits = [...first, ...second].flatMap((customerId) => Array.from({ length: 10 }, (_, v) => commitOf(customerId, v + 1)));
    await db.collection<EventCommit>('event_commits').insertMany(commits);
    const queriedAhead: Array<{ cursor: FindCursor; answered: Promise<boolean> }> = [];
    const hasNext = FindCursor.prototype.hasNext;
    const spy = jest.spyOn(FindCursor.prototype, 'hasNext').mockImplementation(function (this: FindCursor) {
      const answered = hasNext.call(this);
      if (!queriedAhead.some(({ cursor }) => cursor === this)) queriedAhead.push({ cursor: this, answered });
      return answered;
    });
    try {
      const scan = store.scanStreams();
      const streams: string[] = [];
      const { value } = await scan.next();
      streams.push((value as StoredStream).customerId);
      // The second range's query went ahead; the server forgets its cursor, as one left idle too long.
      const ahead = queriedAhead[1];
      await ahead.answered;
      await db.command({ killCursors: 'event_commits', cursors: [ahead.cursor.id!] });
      for await (const stream of scan) {
        expect(stream.events.map((event) => event.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        streams.push(stream.customerId);
      }
      expect(streams).toEqual([...first, ...second]);
    } finally {
      spy.mockRestore();
    }
    await db.dropDatabase();
  });

  it('gives nothing for an empty store', async () => {
    const db = freshDb();
    expect(await scanned(eventStoreFor(db))).toEqual([]);
    await db.dropDatabase();
  });
});
