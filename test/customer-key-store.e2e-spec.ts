import { CustomerKeyStore } from '@app/personal-data';
import { TEST_PERSONAL_DATA_MASTER_KEY } from '@app/testing';
import { useRealMongo } from './real-mongo';

// Keys are made on first use, by whichever instance gets there first, and never twice.
describe('Customer keys on the real server', () => {
  const { freshDb } = useRealMongo('test_keys');
  const storeOver = (db: ReturnType<typeof freshDb>) => new CustomerKeyStore(db, Buffer.from(TEST_PERSONAL_DATA_MASTER_KEY, 'base64'));

  it('makes one key per customer however many ask at once, at registration or later', async () => {
    const db = freshDb();
    const [one, other] = [storeOver(db), storeOver(db)];
    const atRegistration = await Promise.all([
      one.findOrCreate('registered', 1),
      other.findOrCreate('registered', 1),
      one.findOrCreate('registered', 1),
    ]);
    expect(new Set(atRegistration.map((key) => key.keyId)).size).toBe(1);
    expect(atRegistration[0].key.equals(atRegistration[1].key)).toBe(true);
    expect((await other.findOrCreate('registered', 4)).keyId).toBe(atRegistration[0].keyId);

    const later = await Promise.all([one.findOrCreate('late', 3), other.findOrCreate('late', 3)]);
    expect(later[0].keyId).toBe(later[1].keyId);
    expect(later[0].firstVersion).toBe(3);
    await db.dropDatabase();
  });

  it('makes a new key after a forget, for data given since', async () => {
    const db = freshDb();
    const store = storeOver(db);
    const first = await store.findOrCreate('forgotten', 1);
    expect(await store.destroy('forgotten', 5)).toBe(true);
    expect(await store.find('forgotten')).toBeUndefined();
    const next = await store.findOrCreate('forgotten', 6);
    expect(next.keyId).not.toBe(first.keyId);
    expect(await store.destroy('forgotten', 6)).toBe(false); // it seals data given after that forget
    await db.dropDatabase();
  });
});
