import { EventCommit, EventStore } from '@app/event-store';
import { ensureTopics, topicsFor } from '@app/messaging';
import { PersonalDataVault } from '@app/personal-data';
import { METRICS } from '@app/platform';
import { RunningSystem, seedEventBacklog } from '@app/testing';
import { Kafka, logLevel } from 'kafkajs';
import { Registry } from 'prom-client';
import { randomUUID } from 'node:crypto';
import { createProjector } from '../apps/projector/src/projector.app';
import { BenchRow, sleep, throughputRow } from './measure';

/**
 * The projector taking a backlog of events from the topic into the read model, against
 * kafkajs consuming the same messages in batches and committing, doing nothing else.
 * Both are timed from their first message to their last, so that joining the group (the
 * same for both) is left out.
 */
export async function projectorScenario(system: RunningSystem, store: EventStore, seeding: PersonalDataVault, customers: number, eventsPerCustomer: number): Promise<{ row: BenchRow; detail: object }> {
  const topics = topicsFor(system.topicPrefix);
  const kafka = new Kafka({ brokers: system.kafkaBrokers, clientId: 'bench-projector', logLevel: logLevel.NOTHING });
  // No app has started on this prefix yet: make the topics as the apps do.
  await ensureTopics(kafka, topics, { partitions: 3, replicationFactor: 1 });
  const total = await seedEventBacklog({ db: system.db, kafkaBrokers: system.kafkaBrokers, eventsTopic: topics.events }, seeding, customers, eventsPerCustomer);

  // Raw: consume and commit, nothing else.
  const consumer = kafka.consumer({ groupId: `bench-raw-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: topics.events, fromBeginning: true });
  let consumed = 0;
  let rawFirst = 0;
  let rawLast = 0;
  await consumer.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary }) => {
      rawFirst ||= performance.now();
      consumed += batch.messages.length;
      resolveOffset(batch.lastOffset());
      await commitOffsetsIfNecessary();
      rawLast = performance.now();
    },
  });
  while (consumed < total) await sleep(10);
  await consumer.disconnect();

  // The projector, in this process, reading the same topic from the start.
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
  const sample = await store.readStream((await system.db.collection<EventCommit>('event_commits').findOne({}))!.customerId);
  const document = await system.db.collection('customer_accounts').findOne({ _id: sample[0].customerId as never });
  if (document?.version !== sample.length) throw new Error('the projector did not reach the last version');

  const rate = total / ((last - first) / 1000);
  const rawRate = total / ((rawLast - rawFirst) / 1000);
  return {
    row: throughputRow(`projector, a backlog of ${total.toLocaleString('en-US')} events`, 'events/s', rate, { what: 'kafkajs batch consumption with commits', rate: rawRate }, 0.9),
    detail: { events: total, projectorSeconds: (last - first) / 1000, rawSeconds: (rawLast - rawFirst) / 1000 },
  };
}
