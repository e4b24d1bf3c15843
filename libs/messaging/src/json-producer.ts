import { RequestBatcher, Settled } from '@app/concurrency';
import { Kafka, Message, Partitioners, Producer } from 'kafkajs';

export interface JsonMessage {
  key: string | null;
  value: unknown;
  headers?: Record<string, string>;
}

/**
 * Sends to one topic that go out together at most. Its senders are few (a chunk of command
 * results per partition), each sending a bounded batch: a handful together stays far below
 * the broker's `message.max.bytes` for one partition's records.
 */
const MAX_SENDS_TOGETHER = 8;

/**
 * Sends JSON messages with acks from all in-sync replicas. Idempotent, one request in
 * flight: a retried send can neither duplicate nor reorder messages of one partition.
 * An idempotent producer must not give up (kafkajs warns that bounded retries break its
 * guarantees), so a send waits out a Kafka outage; callers decide whether to wait for it.
 *
 * With one request in flight, sends made meanwhile to one topic (the results of commands
 * from several partitions) queue up anyway; they go out together, in the order they were
 * made, in the next request for that topic. Each resolves when Kafka has acknowledged its
 * own messages. A merged request that Kafka refuses is sent again a send at a time, so that
 * one bad message fails only the send that holds it; partitions Kafka took from the merged
 * request then get their messages twice. That is why only sends to one topic merge: the
 * events topic has one sender at a time (the outbox), whose sends never merge, while results
 * and dead letters are idempotent to their readers.
 */
export class JsonProducer {
  private readonly producer: Producer;
  private readonly sendsByTopic = new Map<string, RequestBatcher<Message[], void>>();

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
    let sends = this.sendsByTopic.get(topic);
    if (!sends) {
      sends = new RequestBatcher<Message[], void>((waiting) => this.sendTogether(topic, waiting), { maxBatch: MAX_SENDS_TOGETHER });
      this.sendsByTopic.set(topic, sends);
    }
    return sends.request(messages.map(({ key, value, headers }) => ({ key, value: JSON.stringify(value), headers })));
  }

  private async sendTogether(topic: string, sends: Message[][]): Promise<Settled<void>[]> {
    try {
      await this.sendInOneRequest(topic, sends.flat());
      return sends.map(() => ({ ok: true, value: undefined }));
    } catch (error) {
      if (sends.length === 1) throw error;
      const settled: Settled<void>[] = [];
      for (const messages of sends)
        settled.push(
          await this.sendInOneRequest(topic, messages).then(
            () => ({ ok: true, value: undefined }),
            (failed: unknown) => ({ ok: false, error: failed }),
          ),
        );
      return settled;
    }
  }

  private async sendInOneRequest(topic: string, messages: Message[]): Promise<void> {
    await this.producer.send({ topic, acks: -1, messages });
  }
}
