import { EventCommit, EventStore, Lease } from '@app/event-store';
import { ensureTopics, JsonProducer, topicsFor } from '@app/messaging';
import { bareCommit, eventStoreFor, eventually, TopicRecorder } from '@app/testing';
import { Kafka, logLevel } from 'kafkajs';
import { Db } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { OutboxPublisher } from '../apps/account-service/src/command-processing/outbox-publisher';
import { useRealMongo } from './real-mongo';

// The publisher between the real store and the real Kafka: a commit handed over goes out
// at once when it can; whatever cannot goes by the sweep; nothing twice, nothing out of order.
describe('The outbox publisher on the real servers', () => {
  const { freshDb } = useRealMongo('test_outbox_publisher');
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
  const topics = topicsFor(`test-outbox-${randomUUID().slice(0, 8)}`);
  const kafka = new Kafka({ brokers, clientId: 'test-outbox-publisher', logLevel: logLevel.NOTHING });
  const producer = new JsonProducer(kafka);
  let recorder: TopicRecorder;
  const running: OutboxPublisher[] = [];

  beforeAll(async () => {
    await ensureTopics(kafka, topics, { partitions: 3, replicationFactor: 1 });
    await producer.connect();
    recorder = await TopicRecorder.start(brokers, [topics.events]);
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((publisher) => publisher.stop()));
  });
  afterAll(async () => {
    await recorder.stop();
    await producer.disconnect();
  });

  /** A commit of one event, which is what reaches the topic. */
  const commitOf = (customerId: string, version: number): EventCommit => ({
    ...bareCommit(customerId, version),
    events: [{ eventId: `event-${customerId}-${version}`, customerId, partnerId: 'partner', version, type: 'PurchasePermissionGranted', data: { resource: 'AzureSavingsPlan', action: 'Purchase' }, schemaVersion: 2 } as never],
  });
  const versionsOnTopic = (customerId: string) => recorder.on(topics.events).filter((message) => message.key === customerId).map((message) => message.value.version);
  const publisher = (db: Db, store: EventStore, owner: string, sweepEveryMs: number) => {
    const started = new OutboxPublisher(store, producer, { forget: async () => false }, new Lease(db, `outbox:${topics.events}`, owner, 10_000), topics.events, sweepEveryMs, 3_000);
    started.start();
    running.push(started);
    return started;
  };
  const storedAndHandedOver = async (store: EventStore, to: OutboxPublisher, commit: EventCommit) => {
    await store.append(commit);
    to.committed(commit);
  };
  const customer = () => randomUUID();

  it('sends a commit it stored straight from memory when the one before went from here too, and marks it published', async () => {
    const db = freshDb();
    const store = eventStoreFor(db);
    await store.ensureIndexes();
    const finds = jest.spyOn(store, 'findUnpublished');
    // Sweeps only the one it starts with: whatever goes out after that went from memory.
    const one = publisher(db, store, 'one', 600_000);
    const a = customer();
    await storedAndHandedOver(store, one, commitOf(a, 1));
    await eventually(() => expect(versionsOnTopic(a)).toEqual([1]));
    await storedAndHandedOver(store, one, commitOf(a, 2));
    await storedAndHandedOver(store, one, commitOf(a, 3));
    await eventually(() => expect(versionsOnTopic(a)).toEqual([1, 2, 3]));
    expect(finds).toHaveBeenCalledTimes(1);
    await eventually(async () => expect(await store.countUnpublished()).toMatchObject({ commits: 0 }));
  });

  it('leaves a commit whose predecessor it did not send to the sweep, which sends both in stream order', async () => {
    const db = freshDb();
    const store = eventStoreFor(db);
    await store.ensureIndexes();
    const one = publisher(db, store, 'one', 600_000);
    const b = customer();
    await storedAndHandedOver(store, one, commitOf(b, 1));
    await eventually(() => expect(versionsOnTopic(b)).toEqual([1]));
    // Version 2 stored by another instance, so never handed over here; version 3 handed over.
    await store.append(commitOf(b, 2));
    await storedAndHandedOver(store, one, commitOf(b, 3));
    await eventually(() => expect(versionsOnTopic(b)).toEqual([1, 2, 3]));
    await eventually(async () => expect(await store.countUnpublished()).toMatchObject({ commits: 0 }));
    expect(versionsOnTopic(b)).toEqual([1, 2, 3]);
  });

  it('leaves what an instance without the lease is handed to the holder, which sends it once and in stream order', async () => {
    const db = freshDb();
    const store = eventStoreFor(db);
    await store.ensureIndexes();
    const holder = publisher(db, store, 'holder', 100);
    const c = customer();
    await storedAndHandedOver(store, holder, commitOf(c, 1));
    await eventually(() => expect(versionsOnTopic(c)).toEqual([1]));
    const follower = publisher(db, store, 'follower', 100);
    await storedAndHandedOver(store, follower, commitOf(c, 2));
    await storedAndHandedOver(store, holder, commitOf(c, 3));
    await eventually(() => expect(versionsOnTopic(c)).toEqual([1, 2, 3]));
    await eventually(async () => expect(await store.countUnpublished()).toMatchObject({ commits: 0 }));
    // A few more sweeps of both: still once each.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(versionsOnTopic(c)).toEqual([1, 2, 3]);
  });

  it('writes the marks of what it sent before it stops', async () => {
    const db = freshDb();
    const store = eventStoreFor(db);
    await store.ensureIndexes();
    // Slow marks, so that stopping finds one still to write.
    const markPublished = store.markPublished.bind(store);
    jest.spyOn(store, 'markPublished').mockImplementation(async (ids) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await markPublished(ids);
    });
    const one = publisher(db, store, 'one', 600_000);
    const d = customer();
    await storedAndHandedOver(store, one, commitOf(d, 1));
    await eventually(() => expect(versionsOnTopic(d)).toEqual([1]), { intervalMs: 5 });
    expect(await store.countUnpublished()).toMatchObject({ commits: 1 });
    await one.stop();
    expect(await store.countUnpublished()).toMatchObject({ commits: 0 });
  });
});
