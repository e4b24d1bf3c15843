import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { eventually } from './eventually';

/**
 * Every message still held by the topics (from each partition's low watermark to its high
 * one), as raw text of key, headers and value: what a search for leaked data must cover.
 */
export async function readTopicsToEnd(brokers: string[], topics: string[]): Promise<string[]> {
  const kafka = new Kafka({ brokers, clientId: 'test-topic-reader', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, bigint>();
  try {
    for (const topic of topics) {
      for (const { partition, low, high } of await admin.fetchTopicOffsets(topic)) {
        if (BigInt(high) > BigInt(low)) remaining.set(`${topic}/${partition}`, BigInt(high) - 1n);
      }
    }
  } finally {
    await admin.disconnect();
  }
  const texts: string[] = [];
  if (remaining.size === 0) return texts;
  const consumer = kafka.consumer({ groupId: `test-topic-reader-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const headers = Object.entries(message.headers ?? {}).map(([name, value]) => `${name}=${String(value)}`);
        texts.push([message.key?.toString('utf8') ?? '', ...headers, message.value?.toString('utf8') ?? ''].join('\n'));
        const last = remaining.get(`${topic}/${partition}`);
        if (last !== undefined && BigInt(message.offset) >= last) remaining.delete(`${topic}/${partition}`);
      },
    });
    await eventually(() => {
      if (remaining.size > 0) throw new Error(`Still reading ${[...remaining.keys()].join(', ')}`);
    }, { timeoutMs: 30_000 });
  } finally {
    await consumer.disconnect();
  }
  return texts;
}
