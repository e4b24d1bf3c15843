import { CustomerAccountDocument, DeadLetterLog, ReadModelRepository } from '@app/read-model';
import { useRealMongo } from './real-mongo';

// FerretDB 1.24 as released hangs a whole database when one update command carries about 100
// statements; the build here closes each statement's query when it is done (edit 9 in
// infra/ferretdb-server/source-patches.tsv). The projector writes a batch's accounts, and the
// outbox marks its commits, in one command each. Each write here has hundreds of parts.
describe('Writes of hundreds of documents on the real server', () => {
  const COUNT = 250;
  const { freshDb } = useRealMongo('test_writes');
  const ids = Array.from({ length: COUNT }, (_, n) => `customer-${String(n).padStart(3, '0')}`);
  const account = (id: string, version: number) =>
    ({
      _id: id,
      customerId: id,
      version,
      lastEventId: `e${version}`,
      updatedAt: '2026-11-24T00:00:00Z',
    }) as unknown as CustomerAccountDocument;

  it('writes hundreds of read-model accounts, and reports exactly the ones whose version guard failed', async () => {
    const db = freshDb();
    const repository = new ReadModelRepository(db);
    expect(await repository.writeAll(ids.map((id) => ({ expectedVersion: 0, document: account(id, 1) })))).toEqual([]);
    // Five of them expect a version they are not at.
    const stale = new Set(ids.slice(100, 105));
    const conflicts = await repository.writeAll(ids.map((id) => ({ expectedVersion: stale.has(id) ? 7 : 1, document: account(id, 2) })));
    expect(conflicts.sort()).toEqual([...stale].sort());
    const versions = await db
      .collection('customer_accounts')
      .find({}, { projection: { version: 1 } })
      .toArray();
    expect(versions.filter((doc) => doc.version === 2)).toHaveLength(COUNT - stale.size);
    await db.dropDatabase();
  });

  it('records hundreds of dead letters, each once', async () => {
    const db = freshDb();
    const log = new DeadLetterLog(db);
    const entries = ids.map((id) => ({ _id: `event-${id}`, reason: 'unreadable', customerId: id }));
    await log.record(entries);
    await log.record(entries.slice(0, 10));
    expect(await db.collection('projection_dead_letters').countDocuments()).toBe(COUNT);
    expect((await log.alreadySent(entries.map((entry) => entry._id))).size).toBe(COUNT);
    await db.dropDatabase();
  });
});
