import { EventCommit, EventStore } from '@app/event-store';
import { PersonalDataVault } from '@app/personal-data';
import { CustomerAccountDocument, ReadModelRebuild, ReadModelRepository } from '@app/read-model';
import { AnyBulkWriteOperation, Db } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { SeededStream, seededStream } from '@app/testing';
import { BenchRow, throughputRow, timed } from './measure';

/**
 * Replay of the whole event store into a fresh read model, against the raw ceiling of its
 * output: the driver upserting the same final documents with one bulkWrite.
 */
export async function replayScenario(db: Db, store: EventStore, seeding: PersonalDataVault, customers: number, eventsPerCustomer: number): Promise<{ row: BenchRow; detail: object }> {
  const streams: SeededStream[] = [];
  for (let i = 0; i < customers; i++) streams.push(await seededStream(seeding, randomUUID(), eventsPerCustomer));
  const commits = streams.flatMap((stream) => stream.commits);
  for (let start = 0; start < commits.length; start += 1_000) await db.collection<EventCommit>('event_commits').insertMany(commits.slice(start, start + 1_000), { ordered: false });
  const events = customers * eventsPerCustomer;

  const phases: Record<string, number> = {};
  let [phase, phaseStarted] = ['building', Date.now()];
  const replay = await timed(() =>
    new ReadModelRebuild(db, store, undefined, 0).run((progress) => {
      if (progress.phase === phase) return;
      phases[phase] = (Date.now() - phaseStarted) / 1000;
      [phase, phaseStarted] = [progress.phase, Date.now()];
    }),
  );
  const sample = streams[Math.floor(customers / 2)].document;
  if ((await new ReadModelRepository(db).get(sample._id))?.version !== sample.version) throw new Error('the replay did not produce the expected account');

  const upserts = db.collection<CustomerAccountDocument>(`raw_upserts_${Date.now()}`);
  const raw = await timed(async () => {
    const operations: AnyBulkWriteOperation<CustomerAccountDocument>[] = streams.map(({ document }) => ({ replaceOne: { filter: { _id: document._id }, replacement: document, upsert: true } }));
    await upserts.bulkWrite(operations, { ordered: false });
  });
  const rate = events / replay.seconds;
  const rawRate = events / raw.seconds;
  return {
    row: throughputRow(`replay of ${events.toLocaleString('en-US')} events (${customers.toLocaleString('en-US')} accounts)`, 'events/s', rate, { what: 'driver bulkWrite upserts of the same accounts', rate: rawRate }, 0.6),
    detail: { replaySeconds: replay.seconds, phases, rawUpsertSeconds: raw.seconds, report: replay.result },
  };
}
