import { Binary, Long, ObjectId } from 'mongodb';
import { useRealMongo } from './real-mongo';

// The FerretDB this project builds narrows some queries in SQL, counts whole collections with
// SQLite's COUNT(*), decodes stored documents in one pass, removes a field from documents chosen
// by _id in SQL, replaces documents chosen by _id in one transaction, projects without copying
// whole documents, sorts with a stable sort and checks requests, not replies, for NaN (infra/ferretdb-server/source-patches.tsv). The answers must
// stay MongoDB's: these are the cases where a narrowing done wrong would drop or add documents,
// or a decoding, a removal or a projection change a value.

// A document with a value of every kind the service stores, and values hard to encode.
const everyKind = () => ({
  _id: 'every-kind',
  text: 'a "quoted" line\nand a tab\t, a backslash \\, \u0001, é, 東京, 🚀, \u2028 and </script>',
  empty: '',
  int: 7,
  negative: -2147483648,
  long: Long.fromString('9007199254740993'),
  double: 0.1,
  yes: true,
  nothing: null,
  at: new Date('2026-11-29T20:00:00.123Z'),
  before1970: new Date('1969-07-20T20:17:40.000Z'),
  objectId: new ObjectId('65a1b2c3d4e5f6a7b8c9d0e1'),
  binary: new Binary(Buffer.from([0, 1, 254, 255]), 0),
  pattern: /^a.*z$/i,
  nested: { a: { b: { c: [1, 'two', { three: [{}, 'x'] }, null] } }, 'key "quoted"': 'value', é東: 1 },
  events: Array.from({ length: 3 }, (_, n) => ({ version: n + 1, data: { line: { sealedWith: `k${n}`, ciphertext: 'x+/='.repeat(n) } } })),
});

describe('Queries the FerretDB edits narrow, answered as MongoDB answers them', () => {
  const { freshDb } = useRealMongo('test_patches');

  it('guards by _id and another field match only when both do, for updates, upserts and deletes', async () => {
    const db = freshDb();
    const things = db.collection<{ _id: string; v: number; w?: number }>('things');
    await things.insertMany([
      { _id: 'a', v: 1 },
      { _id: 'b', v: 2 },
    ]);
    expect((await things.updateOne({ _id: 'a', v: 2 }, { $set: { v: 9 } })).matchedCount).toBe(0);
    expect((await things.updateOne({ _id: 'a', v: 1 }, { $set: { v: 3 } })).matchedCount).toBe(1);
    expect((await things.updateOne({ _id: 'b', v: { $lt: 2 } }, { $set: { v: 9 } })).matchedCount).toBe(0);
    expect(await things.find({ _id: 'a', v: 4 }).toArray()).toEqual([]);
    expect((await things.updateOne({ _id: 'c', v: 0 }, { $set: { w: 1 } }, { upsert: true })).upsertedId).toBe('c');
    expect((await things.deleteOne({ _id: 'b', v: 3 })).deletedCount).toBe(0);
    expect((await things.deleteOne({ _id: 'b', v: 2 })).deletedCount).toBe(1);
    expect(await things.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'a', v: 3 },
      { _id: 'c', v: 0, w: 1 },
    ]);
    await db.dropDatabase();
  });

  it('finds _id among a list, missing and mistyped ids included', async () => {
    const db = freshDb();
    const things = db.collection<{ _id: string; n: number }>('things');
    await things.insertMany(Array.from({ length: 50 }, (_, n) => ({ _id: `id-${n}`, n })));
    const found = await things
      .find({ _id: { $in: ['id-3', 'id-40', 'missing', 7 as never] } })
      .sort({ _id: 1 })
      .toArray();
    expect(found.map((thing) => thing._id)).toEqual(['id-3', 'id-40']);
    expect(await things.countDocuments({ _id: { $in: ['id-5', 'id-6'] }, n: 6 })).toBe(1);
    expect(await things.countDocuments({ _id: { $nin: ['id-5'] } })).toBe(49);
    await db.dropDatabase();
  });

  it('matches a string field exactly, and an array holding the string too', async () => {
    const db = freshDb();
    const commits = db.collection<{ _id: string; customerId: string | string[] | number; lastVersion: number }>('commits');
    await commits.createIndex({ customerId: 1, lastVersion: 1 });
    await commits.insertMany([
      { _id: '1', customerId: 'c5', lastVersion: 1 },
      { _id: '2', customerId: 'c5', lastVersion: 2 },
      { _id: '3', customerId: 'c6', lastVersion: 2 },
      { _id: '4', customerId: ['c5', 'z'], lastVersion: 3 },
      { _id: '5', customerId: 5, lastVersion: 4 },
      { _id: '6', customerId: "c5'", lastVersion: 5 },
    ]);
    const ids = async (filter: object) => (await commits.find(filter).sort({ _id: 1 }).toArray()).map((commit) => commit._id);
    expect(await ids({ customerId: 'c5' })).toEqual(['1', '2', '4']);
    expect(await ids({ customerId: 'c5', lastVersion: { $gte: 2 } })).toEqual(['2', '4']);
    expect(await ids({ customerId: "c5'" })).toEqual(['6']);
    expect(await ids({ customerId: 'nobody' })).toEqual([]);
    expect(await ids({ customerId: { $ne: 'c5' } })).toEqual(['3', '5', '6']);
    await db.dropDatabase();
  });

  it('finds strings between bounds of one character, escaped characters and arrays included', async () => {
    const db = freshDb();
    const things = db.collection<{ _id: string; k?: string | string[] | number }>('things');
    await things.createIndex({ k: 1 });
    await things.insertMany([
      { _id: 'a', k: '3' },
      { _id: 'b', k: '4' },
      { _id: 'c', k: '4a' },
      { _id: 'd', k: '7zz' },
      { _id: 'e', k: '8' },
      { _id: 'f', k: '\u2028x' },
      { _id: 'g', k: '<a' },
      { _id: 'h', k: '"q' },
      { _id: 'i', k: '\n' },
      { _id: 'j', k: ['1', '5'] },
      { _id: 'k', k: 5 },
      { _id: 'l' },
      { _id: 'm', k: 'A' },
      { _id: 'n', k: '\u00e9' },
    ]);
    const ids = async (condition: object) => (await things.find({ k: condition }).sort({ _id: 1 }).toArray()).map((thing) => thing._id);
    expect(await ids({ $gte: '4', $lt: '8' })).toEqual(['b', 'c', 'd', 'j']);
    expect(await ids({ $gt: '4' })).toEqual(['c', 'd', 'e', 'f', 'g', 'j', 'm', 'n']);
    expect(await ids({ $lt: '4' })).toEqual(['a', 'h', 'i', 'j']);
    expect(await ids({ $gte: 'a' })).toEqual(['f', 'n']);
    // How a resumed scan asks: after an id, within a range.
    expect(await ids({ $gt: '4a', $gte: '4', $lt: '8' })).toEqual(['d', 'j']);
    await db.dropDatabase();
  });

  it('counts a whole collection exactly after deletes and with documents larger than a page', async () => {
    const db = freshDb();
    const things = db.collection<{ _id: string; pad: string }>('things');
    expect(await things.estimatedDocumentCount()).toBe(0); // no such collection yet
    await things.insertMany(Array.from({ length: 300 }, (_, n) => ({ _id: `id-${n}`, pad: 'x'.repeat(n % 7 === 0 ? 9_000 : 90) })));
    await things.deleteMany({ _id: { $in: ['id-1', 'id-7', 'id-299'] } });
    expect(await things.estimatedDocumentCount()).toBe(297);
    expect(await things.countDocuments()).toBe(297);
    expect(await things.countDocuments({}, { skip: 5, limit: 10 })).toBe(10);
    expect(await things.countDocuments({ pad: { $ne: 'x'.repeat(90) } })).toBe(42);
    expect(await things.aggregate([{ $match: {} }, { $group: { _id: 1, n: { $sum: 1 } } }]).toArray()).toEqual([{ _id: 1, n: 297 }]);
    expect(await things.aggregate([{ $match: {} }, { $group: { _id: 1, n: { $sum: 2 } } }]).toArray()).toEqual([{ _id: 1, n: 594 }]);
    await things.deleteMany({});
    expect(await things.countDocuments()).toBe(0);
    expect(await db.collection('never_made').countDocuments()).toBe(0);
    await db.dropDatabase();
  });

  it('removes a field from the documents chosen by _id and leaves every other value as written', async () => {
    const db = freshDb();
    const things = db.collection<{ _id: string } & Record<string, unknown>>('things');
    await things.createIndex({ publication: 1, _id: 1 });
    const marked = (_id: string, publication: unknown) => ({
      ...everyKind(),
      _id,
      publication,
      publicationDate: 'kept',
      inner: { publication: 'kept' },
      after: 2,
    });
    const last = { _id: 'last', first: 1, publication: 'pending' };
    await things.insertMany([marked('a', 'pending'), marked('b', null), { ...everyKind(), _id: 'c' }, marked('d', 'pending'), last]);
    const result = await things.updateMany({ _id: { $in: ['a', 'b', 'c', 'last', 'missing', 'a'] } }, { $unset: { publication: '' } });
    expect([result.matchedCount, result.modifiedCount]).toEqual([4, 3]);
    const { publication: _removed, ...unmarked } = marked('a', 'pending');
    for (const _id of ['a', 'b']) {
      const read = await things.findOne({ _id }, { promoteLongs: false });
      expect(read).toEqual({ ...unmarked, _id });
      expect(Object.keys(read!)).toEqual(Object.keys(unmarked));
    }
    expect(await things.findOne({ _id: 'c' }, { promoteLongs: false })).toEqual({ ...everyKind(), _id: 'c' });
    expect(await things.findOne({ _id: 'last' })).toEqual({ _id: 'last', first: 1 });
    expect((await things.find({ publication: 'pending' }).toArray()).map((thing) => thing._id)).toEqual(['d']);
    expect(await things.countDocuments({ publication: { $exists: true } })).toBe(1);
    // Written again afterwards as any document is.
    await things.updateOne({ _id: 'a' }, { $set: { publication: 'again' } });
    expect((await things.findOne({ _id: 'a' }))?.publication).toBe('again');
    await db.dropDatabase();
  });

  it('replaces documents chosen by _id and a guard, a command in one go, as MongoDB counts them', async () => {
    const db = freshDb();
    const accounts = db.collection<{ _id: string; version: number | number[] } & Record<string, unknown>>('accounts');
    await accounts.createIndex({ partnerId: 1, _id: 1 });
    await accounts.insertMany([
      { _id: 'a', version: 1, partnerId: 'p' },
      { _id: 'b', version: 2, partnerId: 'p' },
      { _id: 'c', version: 3, partnerId: 'p', list: [1] },
      { _id: 'd', version: [4, 5] },
    ]);
    const { _id: _everyKindId, ...values } = everyKind();
    const result = await accounts.bulkWrite(
      [
        { replaceOne: { filter: { _id: 'a', version: 1 }, replacement: { version: 2, partnerId: 'q', ...values } } },
        { replaceOne: { filter: { _id: 'b', version: 1 }, replacement: { version: 3 } } }, // a stale guard
        { replaceOne: { filter: { _id: 'c', version: 3 }, replacement: { _id: 'c', version: 3, partnerId: 'p', list: [1] } } }, // the same document
        { replaceOne: { filter: { _id: 'missing', version: 1 }, replacement: { version: 2 } } },
        { replaceOne: { filter: { _id: 'a', version: 2 }, replacement: { version: 3, partnerId: 'q', ...values } } }, // sees the first
        { replaceOne: { filter: { _id: 'd', version: 5 }, replacement: { version: 6 } } }, // an array holding the value matches
      ],
      { ordered: false },
    );
    expect([result.matchedCount, result.modifiedCount]).toEqual([4, 3]);
    expect(await accounts.findOne({ _id: 'a' }, { promoteLongs: false })).toEqual({ _id: 'a', version: 3, partnerId: 'q', ...values });
    expect(
      await accounts
        .find({ _id: { $in: ['b', 'c', 'd'] } })
        .sort({ _id: 1 })
        .toArray(),
    ).toEqual([
      { _id: 'b', version: 2, partnerId: 'p' },
      { _id: 'c', version: 3, partnerId: 'p', list: [1] },
      { _id: 'd', version: 6 },
    ]);
    expect((await accounts.find({ partnerId: 'q' }).toArray()).map((account) => account._id)).toEqual(['a']);
    // A replacement that would change _id is refused; the statement before it is carried out, as
    // MongoDB carries it out.
    const refused = accounts.bulkWrite(
      [
        { replaceOne: { filter: { _id: 'b', version: 2 }, replacement: { version: 9 } } },
        { replaceOne: { filter: { _id: 'c', version: 3 }, replacement: { _id: 'other', version: 4 } } },
      ],
      { ordered: true },
    );
    await expect(refused).rejects.toThrow(/_id/);
    expect(
      await accounts
        .find({ _id: { $in: ['b', 'c'] } })
        .sort({ _id: 1 })
        .toArray(),
    ).toEqual([
      { _id: 'b', version: 9 },
      { _id: 'c', version: 3, partnerId: 'p', list: [1] },
    ]);
    expect(await accounts.countDocuments()).toBe(4);
    await db.dropDatabase();
  });

  it('reads back every kind of value exactly as written', async () => {
    const db = freshDb();
    const values = everyKind();
    const things = db.collection<typeof values>('things');
    await things.insertOne(values);
    const read = await things.findOne({ _id: 'every-kind' }, { promoteLongs: false });
    expect(read).toEqual(values);
    await db.dropDatabase();
  });

  it('projects the fields asked for and leaves the stored documents whole', async () => {
    const db = freshDb();
    const things = db.collection<ReturnType<typeof everyKind>>('things');
    await things.insertMany([everyKind(), { ...everyKind(), _id: 'second' }]);
    const read = (projection: object) => things.find({}, { projection, promoteLongs: false }).sort({ _id: 1 }).toArray();
    const { _id, events, nested, text } = everyKind();
    expect(await read({ events: 1, text: 1 })).toEqual([
      { _id: 'every-kind', events, text },
      { _id: 'second', events, text },
    ]);
    expect(await read({ _id: 0, 'nested.a.b': 1 })).toEqual([{ nested: { a: nested.a } }, { nested: { a: nested.a } }]);
    expect(await read({ 'events.version': 1 })).toEqual([
      { _id, events: events.map(({ version }) => ({ version })) },
      { _id: 'second', events: events.map(({ version }) => ({ version })) },
    ]);
    const { events: _left, ...withoutEvents } = everyKind();
    expect(await read({ events: 0 })).toEqual([withoutEvents, { ...withoutEvents, _id: 'second' }]);
    expect(await things.findOne({ _id: 'every-kind' }, { promoteLongs: false })).toEqual(everyKind());
    await db.dropDatabase();
  });

  it('sorts by two keys whatever order the rows come in, versions past 9 included', async () => {
    const db = freshDb();
    const commits = db.collection<{ _id: string; customerId: string; firstVersion: number }>('commits');
    await commits.createIndex({ customerId: 1, firstVersion: 1 });
    const written = ['b', 'a', 'c'].flatMap((customerId) =>
      [12, 1, 10, 2, 9, 11].map((firstVersion) => ({ _id: `${customerId}-${firstVersion}`, customerId, firstVersion })),
    );
    await commits.insertMany(written);
    const inOrder = [...written].sort((x, y) => x.customerId.localeCompare(y.customerId) || x.firstVersion - y.firstVersion);
    expect(
      await commits
        .find({ customerId: { $gte: 'a', $lt: 'z' } })
        .sort({ customerId: 1, firstVersion: 1 })
        .toArray(),
    ).toEqual(inOrder);
    expect(await commits.find().sort({ customerId: -1, firstVersion: -1 }).toArray()).toEqual([...inOrder].reverse());
    expect((await commits.find().sort({ firstVersion: 1, customerId: 1 }).toArray()).map((commit) => commit._id).slice(0, 4)).toEqual([
      'a-1',
      'b-1',
      'c-1',
      'a-2',
    ]);
    await db.dropDatabase();
  });

  it('refuses NaN in a request on FerretDB, as released, and replies as before', async () => {
    const db = freshDb();
    const things = db.collection<{ _id: string; v: unknown }>('things');
    const onFerretDB = 'ferretdbVersion' in (await db.admin().command({ buildInfo: 1 }));
    for (const v of [NaN, { deep: [1, NaN] }]) {
      const write = things.insertOne({ _id: 'nan', v });
      // As released, FerretDB closes the connection; left to its JSON encoder, it would answer
      // with the encoder's error and a stack of file names.
      if (onFerretDB) await expect(write).rejects.toThrow(/closed/);
      else await write.then(() => things.deleteOne({ _id: 'nan' }));
    }
    expect(await things.countDocuments()).toBe(0);
    await things.insertOne({ _id: 'number', v: 0.1 });
    expect(await things.findOne({ _id: 'number' })).toEqual({ _id: 'number', v: 0.1 });
    await db.dropDatabase();
  });
});
