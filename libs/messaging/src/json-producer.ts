import { RequestBatcher, Settled } from '@app/concurrency';
import { Kafka, Message, Partitioners, Producer, TopicMessages } from 'kafkajs';

export interface JsonMessage {
  key: string | null;
  value: unknown;
  headers?: Record<string, string>;
}

/**
 * Sends that go out together at most. The senders are few (an outbox pass, a chunk of
 * command results per partition, dead letters), each sending a bounded batch: a handful
 * together stays far below the broker's `message.max.bytes` for one partition's records.
 */
const MAX_SENDS_TOGETHER = 8;

/**
 * Sends JSON messages with acks from all in-sync replicas. Idempotent, one request in
 * flight: a retried send can neither duplicate nor reorder messages of one partition.
 * An idempotent producer must not give up (kafkajs warns that bounded retries break its
 * guarantees), so a send waits out a Kafka outage; callers decide whether to wait for it.
 *
 * With one request in flight, sends made meanwhile (the outbox's events, the results of
 * commands from several partitions) queue up anyway; they go out together, in the order
 * they were made, in the next request. Each resolves when Kafka has acknowledged its own
 * messages. A request that fails is sent again a send at a time, so that one bad message
 * fails only the send that holds it.
 */
export class JsonProducer {
  private readonly producer: Producer;
  private readonly sends = new RequestBatcher<TopicMessages, void>((sends) => this.sendTogether(sends), 1, MAX_SENDS_TOGETHER);

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 10_000 },
    });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  async send(topic: string, messages: JsonMessage[]): Promise<void> {
    if (messages.length === 0) return;
    return this.sends.request({ topic, messages: messages.map(({ key, value, headers }) => ({ key, value: JSON.stringify(value), headers })) });
  }

  private async sendTogether(sends: TopicMessages[]): Promise<Settled<void>[]> {
    try {
      await this.sendInOneRequest(sends);
      return sends.map(() => ({ ok: true, value: undefined }));
    } catch (error) {
      if (sends.length === 1) throw error;
      const settled: Settled<void>[] = [];
      for (const send of sends) settled.push(await this.sendInOneRequest([send]).then(() => ({ ok: true, value: undefined }), (failed: unknown) => ({ ok: false, error: failed })));
      return settled;
    }
  }

  private async sendInOneRequest(sends: TopicMessages[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    for (const { topic, messages } of sends) {
      const ofTopic = byTopic.get(topic) ?? [];
      ofTopic.push(...messages);
      byTopic.set(topic, ofTopic);
    }
    await this.producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
  }
}
