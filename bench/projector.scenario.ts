import { EventCommit, EventStore } from '@app/event-store';
import { ensureTopics, projectorGroupId, topicsFor } from '@app/messaging';
import { PersonalDataVault } from '@app/personal-data';
import { METRICS } from '@app/platform';
import { DEFAULT_ACCOUNTS_COLLECTION, PROJECTION_PROGRESS_COLLECTION } from '@app/read-model';
import { seedEventBacklog } from '@app/testing';
import { RunningSystem } from '../test/support';
import { Kafka, logLevel } from 'kafkajs';
import { Db } from 'mongodb';
import { Registry } from 'prom-client';
import { randomUUID } from 'node:crypto';
import { createProjector } from '../apps/projector/src/projector.app';
import { RawProjector } from './raw/raw-projector';
import { BenchRow, percentile, sleep, throughputRow } from './measure';

const ROUNDS = 3;

/**
 * The projector taking a backlog of events from the topic into the read model, against the
 * same hops done raw (raw/raw-projector.ts): kafkajs consuming the same messages in batches,
 * one read of each batch's accounts, one bulk replace of them, the offsets committed, into a
 * collection of its own. Both run in this process and are timed from their first event
 * applied to their last, so that joining the group (the same for both) is left out. The two
 * take turns for three rounds, each reported by its median: the first projector round runs
 * every piece of its code cold.
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
  for (let round = 0; round < ROUNDS; round++) {
    rawSeconds.push(await rawProjection(system.db, kafka, topics.events, total, sample[0].customerId, sample.length));
    // Each round starts from an empty read model and the start of the topic.
    await system.db.collection(DEFAULT_ACCOUNTS_COLLECTION).deleteMany({});
    await system.db.collection(PROJECTION_PROGRESS_COLLECTION).deleteMany({});
    if (round > 0) await fromTheStart(kafka, projectorGroupId(system.topicPrefix), topics.events);
    projectorSeconds.push(await projection(total));
    const document = await system.db.collection(DEFAULT_ACCOUNTS_COLLECTION).findOne({ _id: sample[0].customerId as never });
    if (document?.version !== sample.length) throw new Error('the projector did not reach the last version');
  }

  return {
    rows: [
      throughputRow(
        `projector, a backlog of ${total.toLocaleString('en-US')} events`,
        'events/s',
        total / percentile(projectorSeconds, 50),
        {
          what: "the same hops raw: kafkajs batch consumption, a find of each batch's accounts, a bulkWrite replace of them, offsets committed",
          rate: total / percentile(rawSeconds, 50),
        },
        0.7,
      ),
    ],
    detail: { events: total, rounds: ROUNDS, projectorSeconds, rawSeconds },
  };
}

/** The raw projector over the whole topic, in a group and a collection of its own; seconds from its first event applied to its last. */
async function rawProjection(db: Db, kafka: Kafka, topic: string, total: number, sampleId: string, sampleVersion: number): Promise<number> {
  const collection = `raw_accounts_${Date.now()}`;
  const projector = new RawProjector(db, kafka, topic, `bench-raw-${randomUUID()}`, collection);
  await projector.start();
  let first = 0;
  while (projector.applied < total) {
    if (projector.applied > 0) first ||= performance.now();
    await sleep(5);
  }
  const last = performance.now();
  await projector.stop();
  const document = await db.collection(collection).findOne({ _id: sampleId as never });
  await db.collection(collection).drop();
  if (document?.version !== sampleVersion) throw new Error('the raw projector did not reach the last version');
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
