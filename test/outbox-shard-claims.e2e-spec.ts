import { OUTBOX_PUBLISHERS_COLLECTION, OutboxShardClaims } from '@app/outbox';
import { useRealMongo } from './real-mongo';

// The outbox's shards among its publishers: each shard held by one publisher at most, every
// shard held by someone, and a fair share each, as publishers join, leave and die.
describe('Outbox shard claims on the real server', () => {
  const { freshDb } = useRealMongo('test_shard_claims');
  const LEASE_MS = 9_000;
  const SHARDS = 3;

  /** Each publisher's claim at `now`, one after the other, as their loops would make them. */
  async function claimsAt(publishers: OutboxShardClaims[], now: number): Promise<number[][]> {
    const held: number[][] = [];
    for (const publisher of publishers) held.push(await publisher.claim(new Date(now)));
    return held;
  }

  /** No shard in two hands, and (when `everyShard`) none in no hand. */
  function expectDisjoint(held: number[][], everyShard = true) {
    const all = held.flat();
    expect(new Set(all).size).toBe(all.length);
    if (everyShard) expect([...all].sort()).toEqual([0, 1, 2]);
  }

  it("gives the first publisher every shard, then one each as two more join; a dead one's shard passes on, and a leaver's at once", async () => {
    const db = freshDb();
    const [a, b, c] = ['publisher-a', 'publisher-b', 'publisher-c'].map(
      (owner) => new OutboxShardClaims(db, 'outbox:events', owner, SHARDS, LEASE_MS),
    );
    const start = Date.now();

    expect(await a.claim(new Date(start))).toEqual([0, 1, 2]);
    // Joining: everything is held, so nothing yet; no shard is ever held twice meanwhile.
    expectDisjoint(await claimsAt([b, c], start), false);
    expect(await b.claim(new Date(start))).toEqual([]);
    const joined = await claimsAt([a, b, c], start + LEASE_MS / 3);
    expectDisjoint(joined);
    expect(joined.map((shards) => shards.length)).toEqual([1, 1, 1]);

    // c dies: no more claims, so its lease and its word that it is alive run out.
    const diedAt = start + LEASE_MS / 3;
    let now = diedAt;
    for (let step = 0; step < 6; step++) {
      now += LEASE_MS * 0.4;
      // Until its lease runs out, the shard stays with the dead one: nobody else sends it.
      const deadStillHolds = now - diedAt <= LEASE_MS ? [joined[2]] : [];
      expectDisjoint([...(await claimsAt([a, b], now)), ...deadStillHolds], false);
    }
    const afterDeath = await claimsAt([a, b], now);
    expectDisjoint(afterDeath);
    expect(afterDeath.map((shards) => shards.length).sort()).toEqual([1, 2]);
    // Nor does the dead one's word that it was alive stay behind for ever.
    const alive = async () => (await db.collection(OUTBOX_PUBLISHERS_COLLECTION).find().toArray()).map(({ _id }) => _id).sort();
    expect(await alive()).toEqual(['outbox:events:publisher-a', 'outbox:events:publisher-b']);

    // a leaves cleanly: b takes everything at its next look, without waiting for a lease to run out.
    await a.release();
    expect(await b.claim(new Date(now + LEASE_MS / 3))).toEqual([0, 1, 2]);
    await db.dropDatabase();
  });

  it('given publishers claiming at the same moments, round after round, never lets two hold one shard', async () => {
    const db = freshDb();
    const publishers = Array.from({ length: 4 }, (_, i) => new OutboxShardClaims(db, 'outbox:events', `racer-${i}`, SHARDS, LEASE_MS));
    let now = Date.now();
    for (let round = 0; round < 8; round++) {
      now += LEASE_MS / 3;
      const held = await Promise.all(publishers.map((publisher) => publisher.claim(new Date(now))));
      expectDisjoint(held, round > 1);
    }
    // Publishers of another outbox do not count as live here.
    const elsewhere = new OutboxShardClaims(db, 'outbox:other-events', 'elsewhere', SHARDS, LEASE_MS);
    expect(await elsewhere.claim(new Date(now))).toEqual([0, 1, 2]);
    await db.dropDatabase();
  });
});
