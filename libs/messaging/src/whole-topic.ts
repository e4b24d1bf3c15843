import { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';

/** A topic that cannot be read whole in this time is reported, not waited for. */
const READ_WITHIN_MS = 60_000;

/**
 * Every message a topic holds now, parsed as JSON, in each partition's order: read by a
 * consumer group of its own that is deleted afterwards. For small topics read whole, such
 * as the digests topic when records are verified against it.
 */
export async function readWholeTopic(kafka: Kafka, topic: string, withinMs = READ_WITHIN_MS): Promise<unknown[]> {
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `whole-topic-reader-${randomUUID()}`;
  try {
    const ends = new Map((await admin.fetchTopicOffsets(topic)).map(({ partition, high }) => [partition, Number(high)]));
    const remaining = new Set([...ends].filter(([, high]) => high > 0).map(([partition]) => partition));
    const byPartition = new Map<number, unknown[]>();
    if (remaining.size > 0) {
      const consumer = kafka.consumer({ groupId });
      await consumer.connect();
      try {
        await consumer.subscribe({ topic, fromBeginning: true });
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`${topic} was not read whole within ${withinMs} ms`)), withinMs);
          const done = () => {
            clearTimeout(timer);
            resolve();
          };
          consumer
            .run({
              eachMessage: async ({ partition, message }) => {
                if (Number(message.offset) >= (ends.get(partition) ?? 0)) return;
                const parsed = parseJson(message.value?.toString('utf8'));
                byPartition.set(partition, [...(byPartition.get(partition) ?? []), parsed]);
                if (Number(message.offset) === (ends.get(partition) ?? 0) - 1) remaining.delete(partition);
                if (remaining.size === 0) done();
              },
            })
            .catch(reject);
        });
      } finally {
        await consumer.disconnect();
      }
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
    return [...byPartition.keys()].sort((a, b) => a - b).flatMap((partition) => byPartition.get(partition) ?? []);
  } finally {
    await admin.disconnect();
  }
}

function parseJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return text;
  }
}
