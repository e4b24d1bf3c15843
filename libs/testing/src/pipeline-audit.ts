import { fold, RecordedEvent, StoredEvent } from '@app/domain';
import { Kafka, logLevel } from 'kafkajs';
import { Db } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { eventStoreFor } from './test-credentials';

export interface PipelineAudit {
  customers: number;
  events: number;
  /** Customers whose read model differs from the fold of their events. */
  readModelMismatches: Array<{ customerId: string; expected: unknown; actual: unknown }>;
  /** Customers whose versions on the events topic are not exactly 1..n in order. */
  kafkaMismatches: Array<{ customerId: string; stored: number[]; inKafka: number[] }>;
}

/** Every event in the event store, by customer, in stream order, in today's schema, opened. */
export async function storedStreams(db: Db): Promise<Map<string, RecordedEvent[]>> {
  const commits = await db
    .collection<{ customerId: string; firstVersion: number; events: StoredEvent[] }>('event_commits')
    .find()
    .sort({ customerId: 1, firstVersion: 1 })
    .toArray();
  const opened = await eventStoreFor(db).open(commits.flatMap((commit) => commit.events));
  const streams = new Map<string, RecordedEvent[]>();
  for (const event of opened) streams.set(event.customerId, [...(streams.get(event.customerId) ?? []), event]);
  return streams;
}

/** Every message a topic holds now, from each partition's low watermark (records may have been deleted) to its end. */
export async function readWholeTopic(brokers: string[], topic: string): Promise<Array<{ key: string | null; value: string }>> {
  const kafka = new Kafka({ brokers, clientId: 'pipeline-audit', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const remaining = new Map(ends.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high)]));
  const messages: Array<{ key: string | null; value: string; partition: number; offset: bigint }> = [];
  if (remaining.size === 0) return [];
  const consumer = kafka.consumer({ groupId: `pipeline-audit-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((done, fail) => {
    consumer
      .run({
        eachMessage: async ({ partition, message }) => {
          const offset = BigInt(message.offset);
          messages.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? '', partition, offset });
          if (offset + 1n >= (remaining.get(partition) ?? 0n)) remaining.delete(partition);
          if (remaining.size === 0) done();
        },
      })
      .catch(fail);
  });
  await consumer.disconnect();
  return messages.sort((a, b) => a.partition - b.partition || Number(a.offset - b.offset));
}

/**
 * The auditor's promise, checked: the read model equals, customer by customer, the fold
 * of that customer's events in the event store, and the events topic holds each stored
 * event exactly once, in stream order.
 */
export async function auditPipeline(db: Db, brokers: string[], eventsTopic: string): Promise<PipelineAudit> {
  const streams = await storedStreams(db);
  const documents = await db.collection('customer_accounts').find().toArray();
  const readModel = new Map(documents.map(({ _id, lastEventId, updatedAt, ...account }) => [String(_id), account]));
  const audit: PipelineAudit = { customers: streams.size, events: 0, readModelMismatches: [], kafkaMismatches: [] };

  const versionsInKafka = new Map<string, number[]>();
  for (const message of await readWholeTopic(brokers, eventsTopic)) {
    const event = JSON.parse(message.value) as RecordedEvent;
    versionsInKafka.set(event.customerId, [...(versionsInKafka.get(event.customerId) ?? []), event.version]);
  }
  for (const [customerId, events] of streams) {
    audit.events += events.length;
    const { status, ...expected } = fold(events) as { status: string };
    const actual = readModel.get(customerId);
    if (JSON.stringify(sortKeys(expected)) !== JSON.stringify(sortKeys(actual)))
      audit.readModelMismatches.push({ customerId, expected, actual });
    const stored = events.map((event) => event.version);
    const inKafka = versionsInKafka.get(customerId) ?? [];
    if (stored.join() !== inKafka.join()) audit.kafkaMismatches.push({ customerId, stored, inKafka });
  }
  return audit;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, sortKeys(v)]),
  );
}
