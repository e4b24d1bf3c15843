import { EventCommit, EventStore } from '@app/event-store';
import { ensureTopics, projectorGroupId, topicsFor } from '@app/messaging';
import { PersonalDataVault } from '@app/personal-data';
import { METRICS } from '@app/platform';
import { CustomerAccountDocument, DEFAULT_ACCOUNTS_COLLECTION, PROJECTION_PROGRESS_COLLECTION } from '@app/read-model';
import { seedEventBacklog } from '@app/testing';
import { RunningSystem } from '../test/support';
import { Kafka, logLevel } from 'kafkajs';
import { Db } from 'mongodb';
import { Registry } from 'prom-client';
import { randomUUID } from 'node:crypto';
import { createProjector } from '../apps/projector/src/projector.app';
import { BenchRow, percentile, sleep, throughputRow, timed } from './measure';

const ROUNDS = 3;

/**
 * The projector taking a backlog of events from the topic into the read model, against
 * kafkajs consuming the same messages in batches and committing, doing nothing else.
 * Both are timed from their first message to their last, so that joining the group (the
 * same for both) is left out. The two take turns for three rounds, each reported by its
 * median, as the replay's are: the first projector round runs every piece of its code cold.
 *
 * The team's ceiling writes nothing, and a projector cannot do without its writes. So a second
 * row holds it against both raw parts beneath it, as the command pipeline's and the replay's
 * ceilings are: the same consumption, then the driver's inserts of the accounts the projector
 * ended with (one bulkWrite, which is the cheapest the driver writes them).
 */
export async function projectorScenario(
  system: RunningSystem,
  store: EventStore,
  seeding: PersonalDataVault,
  customers: number,
  eventsPerCustomer: number,
): Promise<{ rows: BenchRow[]; detail: object }> {
  const topics = topicsFor(system.topicPrefix);
  const kafka = new Kafka({ brokers: system.kafkaBrokers, clientId: 'bench-projector', logLevel: logLevel.NOTHING });
  // No app has started on this prefix yet: make the topics as the apps do.
  await ensureTopics(kafka, topics, { partitions: 3, replicationFactor: 1 });
  const total = await seedEventBacklog(
    { db: system.db, kafkaBrokers: system.kafkaBrokers, eventsTopic: topics.events },
    seeding,
    customers,
    eventsPerCustomer,
  );
  const sample = await store.readStream((await system.db.collection<EventCommit>('event_commits').findOne({}))!.customerId);

  const rawSeconds: number[] = [];
  const projectorSeconds: number[] = [];
  const rawWriteSeconds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    rawSeconds.push(await rawConsumption(kafka, topics.events, total));
    // Each round starts from an empty read model and the start of the topic.
    await system.db.collection(DEFAULT_ACCOUNTS_COLLECTION).deleteMany({});
    await system.db.collection(PROJECTION_PROGRESS_COLLECTION).deleteMany({});
    if (round > 0) await fromTheStart(kafka, projectorGroupId(system.topicPrefix), topics.events);
    projectorSeconds.push(await projection(total));
    const document = await system.db.collection(DEFAULT_ACCOUNTS_COLLECTION).findOne({ _id: sample[0].customerId as never });
    if (document?.version !== sample.length) throw new Error('the projector did not reach the last version');
    rawWriteSeconds.push(await rawInserts(system.db));
  }

  const rate = total / percentile(projectorSeconds, 50);
  const rawRate = total / percentile(rawSeconds, 50);
  const rawWithWritesRate =
    total /
    percentile(
      rawSeconds.map((seconds, round) => seconds + rawWriteSeconds[round]),
      50,
    );
  const scenario = `projector, a backlog of ${total.toLocaleString('en-US')} events`;
  return {
    rows: [
      throughputRow(scenario, 'events/s', rate, { what: 'kafkajs batch consumption with commits', rate: rawRate }, 0.9),
      throughputRow(
        scenario,
        'events/s',
        rate,
        { what: 'the same consumption, then driver bulkWrite inserts of the accounts it ends with', rate: rawWithWritesRate },
        undefined,
      ),
    ],
    detail: { events: total, rounds: ROUNDS, projectorSeconds, rawSeconds, rawWriteSeconds },
  };
}

/** The accounts the projector wrote, inserted again with one bulkWrite into a collection of their own; seconds for the write alone. */
async function rawInserts(db: Db): Promise<number> {
  const accounts = await db.collection<CustomerAccountDocument>(DEFAULT_ACCOUNTS_COLLECTION).find({}).toArray();
  const copies = db.collection<CustomerAccountDocument>(`raw_accounts_${Date.now()}`);
  const write = await timed(() =>
    copies.bulkWrite(
      accounts.map((document) => ({ insertOne: { document } })),
      { ordered: false },
    ),
  );
  if (write.result.insertedCount !== accounts.length) throw new Error('the raw inserts did not write every account');
  await copies.drop();
  return write.seconds;
}

/** Consumes and commits the whole topic in a group of its own, nothing else; seconds from its first message to its last. */
async function rawConsumption(kafka: Kafka, topic: string, total: number): Promise<number> {
  const consumer = kafka.consumer({ groupId: `bench-raw-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let consumed = 0;
  let first = 0;
  let last = 0;
  await consumer.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary }) => {
      first ||= performance.now();
      consumed += batch.messages.length;
      resolveOffset(batch.lastOffset());
      await commitOffsetsIfNecessary();
      last = performance.now();
    },
  });
  while (consumed < total) await sleep(10);
  await consumer.disconnect();
  return (last - first) / 1000;
}

/** Moves an idle group back to the start of the topic. */
async function fromTheStart(kafka: Kafka, groupId: string, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.resetOffsets({ groupId, topic, earliest: true });
  } finally {
    await admin.disconnect();
  }
}

/** The projector, in this process, from its group's offsets; seconds from its first event counted to its last. */
async function projection(total: number): Promise<number> {
  const projector = await createProjector();
  const registry = projector.get<Registry>(METRICS);
  const processed = async () => {
    const metric = await registry.getSingleMetric('customer_account_projector_events_total')!.get();
    return metric.values.reduce((sum, { value }) => sum + value, 0);
  };
  await projector.init();
  let first = 0;
  for (;;) {
    const done = await processed();
    if (done > 0) first ||= performance.now();
    if (done >= total) break;
    await sleep(5);
  }
  const last = performance.now();
  await projector.close();
  return (last - first) / 1000;
}
