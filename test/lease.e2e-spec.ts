import { Lease, LEASES_COLLECTION } from '@app/mongo';
import { useRealMongo } from './real-mongo';

// The outbox publisher's lease: one holder at a time, taken over only once it expires, and
// renewed by its holder without a write each time it is asked.
describe('Lease on the real server', () => {
  const { freshDb } = useRealMongo('test_lease');

  it('has one holder, renews on demand only past half its time, and passes on when it expires', async () => {
    const db = freshDb();
    const DURATION = 10_000;
    const first = new Lease(db, 'outbox', 'first', DURATION);
    const second = new Lease(db, 'outbox', 'second', DURATION);
    const until = async () => (await db.collection(LEASES_COLLECTION).findOne({ _id: 'outbox' as never }))?.until.getTime();
    const start = Date.now();

    expect(await first.hold(new Date(start))).toBe(true);
    expect(await second.hold(new Date(start + 1_000))).toBe(false);
    const taken = await until();
    expect(await first.hold(new Date(start + 4_000))).toBe(true);
    expect(await until()).toBe(taken); // still more than half left: no write
    expect(await first.hold(new Date(start + 6_000))).toBe(true);
    expect(await until()).toBe(start + 6_000 + DURATION); // renewed
    expect(await second.acquire(new Date(start + 15_000))).toBe(false); // not expired yet
    expect(await second.acquire(new Date(start + 16_001))).toBe(true);
    expect(await first.acquire(new Date(start + 16_002))).toBe(false);
    expect(await first.hold(new Date(start + 16_003))).toBe(false);
    await db.dropDatabase();
  });
});
