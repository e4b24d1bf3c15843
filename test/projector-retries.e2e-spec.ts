import { RecordedEvent } from '@app/domain';
import { ensureTopics, JsonProducer, topicsFor, Topics } from '@app/messaging';
import {
  AccountProjection,
  DEFAULT_ACCOUNTS_COLLECTION,
  DeadLetterLog,
  ProjectionProgress,
  ProjectionReport,
  ReadModelRepository,
} from '@app/read-model';
import { eventStoreFor, eventually, seedEventBacklog, seedingVaultOver } from '@app/testing';
import { RunningSystem, startSystem } from './support';
import { Kafka, logLevel } from 'kafkajs';
import { MongoNetworkError } from 'mongodb';
import { Registry } from 'prom-client';
import { EventsConsumer } from '../apps/projector/src/events-consumer';
import { ProjectorMetrics } from '../apps/projector/src/projector-metrics';

/** The read model's writes out of reach for the first batch, then back: a fault, on the real servers. */
class FirstBatchFails extends AccountProjection {
  failed = 0;

  override async project(events: RecordedEvent[]): Promise<ProjectionReport> {
    if (this.failed === 0) {
      this.failed += 1;
      throw new MongoNetworkError('the read model is out of reach (injected)');
    }
    return super.project(events);
  }
}

// The projector writes each partition's batches one after the other while it fetches and opens
// the next; a batch whose writes fail must be taken again with every batch fetched behind it.
describe('Projector retrying a batch it could not write', () => {
  jest.setTimeout(90_000);
  const CUSTOMERS = 300;
  const EVENTS_PER_CUSTOMER = 10;
  let system: RunningSystem;
  let topics: Topics;
  let kafka: Kafka;

  beforeAll(async () => {
    system = await startSystem({ commandSideInstances: 0, projectorInProcess: false });
    topics = topicsFor(system.topicPrefix);
    kafka = new Kafka({ brokers: system.kafkaBrokers, clientId: 'projector-retries', logLevel: logLevel.NOTHING });
    await ensureTopics(kafka, topics, { partitions: 3, replicationFactor: 1 });
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('takes the batch again from its first event, applies every event once, and commits every offset', async () => {
    // Three thousand events: more than one fetch's batch on each partition.
    const total = await seedEventBacklog(
      { db: system.db, kafkaBrokers: system.kafkaBrokers, eventsTopic: topics.events },
      seedingVaultOver(system.db),
      CUSTOMERS,
      EVENTS_PER_CUSTOMER,
    );
    const store = eventStoreFor(system.db);
    const projection = new FirstBatchFails(new ReadModelRepository(system.db), store);
    const registry = new Registry();
    const producer = new JsonProducer(kafka);
    await producer.connect();
    const groupId = `${system.topicPrefix}-retries`;
    const consumer = new EventsConsumer(
      kafka,
      producer,
      projection,
      store,
      new DeadLetterLog(system.db),
      new ProjectionProgress(system.db),
      topics,
      groupId,
      new ProjectorMetrics(registry),
      registry,
      3,
    );
    const counted = async (name: string) => (await registry.getSingleMetric(name)!.get()).values;
    try {
      await consumer.start();
      await eventually(
        async () => {
          expect(await system.db.collection(DEFAULT_ACCOUNTS_COLLECTION).countDocuments({ version: EVENTS_PER_CUSTOMER })).toBe(CUSTOMERS);
        },
        { timeoutMs: 60_000, intervalMs: 200 },
      );
      expect(projection.failed).toBe(1);
      expect(await counted('customer_account_projector_batch_failures_total')).toEqual([expect.objectContaining({ value: 1 })]);
      // Every event applied once: none lost with the failed batch, none written twice after it.
      const outcomes = Object.fromEntries(
        (await counted('customer_account_projector_events_total')).map(({ labels, value }) => [labels.outcome, value]),
      );
      expect(outcomes).toEqual({ applied: total, skipped: 0, healed: 0 });
    } finally {
      await consumer.stop();
      await producer.disconnect();
    }
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topics.events] });
      const ends = await admin.fetchTopicOffsets(topics.events);
      const byPartition = (offsets: Array<{ partition: number; offset: string }>) =>
        offsets.map(({ partition, offset }) => `${partition}:${offset}`).sort();
      expect(byPartition(committed.partitions)).toEqual(byPartition(ends.map(({ partition, high }) => ({ partition, offset: high }))));
    } finally {
      await admin.disconnect();
    }
  });
});
