import { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';

/** A topic that cannot be read whole in this time is reported, not waited for. */
const READ_WITHIN_MS = 60_000;

export interface TopicMessage {
  partition: number;
  offset: string;
  key: string | null;
  /** Parsed as JSON; the text itself when it is not JSON. */
  value: unknown;
  /** The value's bytes and the headers as they were sent: what a redrive sends again. */
  raw: Buffer | null;
  headers: Record<string, string>;
}

/**
 * Every message a topic holds now, batch by batch in each partition's order, read by a
 * consumer group of its own that is deleted afterwards: for a topic read whole, such as the
 * digests topic when records are verified against it, or the events topic compared with the store.
 */
export async function consumeWholeTopic(
  kafka: Kafka,
  topic: string,
  onBatch: (messages: TopicMessage[]) => Promise<void>,
  /** Unbounded when undefined: a large topic is read as long as it takes. */
  withinMs?: number,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `whole-topic-reader-${randomUUID()}`;
  try {
    const ends = new Map((await admin.fetchTopicOffsets(topic)).map(({ partition, high }) => [partition, Number(high)]));
    const remaining = new Set([...ends].filter(([, high]) => high > 0).map(([partition]) => partition));
    if (remaining.size === 0) return;
    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer =
          withinMs === undefined
            ? undefined
            : setTimeout(() => reject(new Error(`${topic} was not read whole within ${withinMs} ms`)), withinMs);
        consumer
          .run({
            eachBatch: async ({ batch }) => {
              const end = ends.get(batch.partition) ?? 0;
              const messages = batch.messages
                .filter((message) => Number(message.offset) < end)
                .map((message) => ({
                  partition: batch.partition,
                  offset: message.offset,
                  key: message.key?.toString() ?? null,
                  value: parseJson(message.value?.toString('utf8')),
                  raw: message.value,
                  headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)])),
                }));
              if (messages.length > 0) await onBatch(messages).catch(reject);
              if (batch.messages.some((message) => Number(message.offset) >= end - 1)) remaining.delete(batch.partition);
              if (remaining.size === 0) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    await admin.deleteGroups([groupId]).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}

/** Every message's value a small topic holds now, in each partition's order. */
export async function readWholeTopic(kafka: Kafka, topic: string, withinMs = READ_WITHIN_MS): Promise<unknown[]> {
  const byPartition = new Map<number, unknown[]>();
  await consumeWholeTopic(
    kafka,
    topic,
    async (messages) => {
      for (const message of messages) {
        const values = byPartition.get(message.partition);
        if (values) values.push(message.value);
        else byPartition.set(message.partition, [message.value]);
      }
    },
    withinMs,
  );
  return [...byPartition.keys()].sort((a, b) => a - b).flatMap((partition) => byPartition.get(partition) ?? []);
}

function parseJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return text;
  }
}
