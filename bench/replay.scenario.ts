import { EventCommit, EventStore } from '@app/event-store';
import { PersonalDataVault } from '@app/personal-data';
import { CustomerAccountDocument, ReadModelRebuild, ReadModelRepository, RebuildReport } from '@app/read-model';
import { AnyBulkWriteOperation, Db } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { SeededStream, seededStream } from '@app/testing';
import { BenchRow, percentile, throughputRow, timed } from './measure';

const ROUNDS = 3;

/**
 * Replay of the whole event store into a fresh read model, against the same hops done raw: the
 * driver reading every commit (one cursor over the collection) and then upserting the same
 * final documents with one bulkWrite. Each replay rebuilds into a collection of its own and
 * drops the one before it, as the service's does.
 */
export async function replayScenario(
  db: Db,
  store: EventStore,
  seeding: PersonalDataVault,
  customers: number,
  eventsPerCustomer: number,
): Promise<{ row: BenchRow; detail: object }> {
  const streams: SeededStream[] = [];
  for (let i = 0; i < customers; i++) streams.push(await seededStream(seeding, randomUUID(), eventsPerCustomer));
  const commits = streams.flatMap((stream) => stream.commits);
  for (let start = 0; start < commits.length; start += 1_000)
    await db.collection<EventCommit>('event_commits').insertMany(commits.slice(start, start + 1_000), { ordered: false });
  const events = customers * eventsPerCustomer;

  // In turns, as the command pipeline's ways are, and each way's median round reported: the
  // first replay ran right after the seeding, beside FerretDB's and SQLite's work on it, and with
  // every piece of the replay's own code cold, and was the slowest of the rounds.
  const replaySeconds: number[] = [];
  const rawSeconds: number[] = [];
  const sample = streams[Math.floor(customers / 2)].document;
  let report: RebuildReport | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    const replay = await timed(() => new ReadModelRebuild(db, store, undefined, 0).run());
    if ((await new ReadModelRepository(db).get(sample._id))?.version !== sample.version)
      throw new Error('the replay did not produce the expected account');
    replaySeconds.push(replay.seconds);
    report = replay.result;

    const upserts = db.collection<CustomerAccountDocument>(`raw_upserts_${Date.now()}`);
    const raw = await timed(async () => {
      let read = 0;
      for await (const commit of db.collection<EventCommit>('event_commits').find({})) read += commit.events.length;
      if (read !== events) throw new Error(`the raw read found ${read} of ${events} events`);
      const operations: AnyBulkWriteOperation<CustomerAccountDocument>[] = streams.map(({ document }) => ({
        replaceOne: { filter: { _id: document._id }, replacement: document, upsert: true },
      }));
      await upserts.bulkWrite(operations, { ordered: false });
    });
    rawSeconds.push(raw.seconds);
    await upserts.drop();
  }
  const rate = events / percentile(replaySeconds, 50);
  const rawRate = events / percentile(rawSeconds, 50);
  return {
    row: throughputRow(
      `replay of ${events.toLocaleString('en-US')} events (${customers.toLocaleString('en-US')} accounts)`,
      'events/s',
      rate,
      { what: 'the same hops raw: a driver cursor over every commit, then bulkWrite upserts of the same accounts', rate: rawRate },
      0.7,
    ),
    detail: { rounds: ROUNDS, replaySeconds, rawSeconds, report },
  };
}
