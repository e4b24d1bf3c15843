import { Kafka, Message, Partitioners, Producer } from 'kafkajs';

export interface JsonMessage {
  key: string | null;
  value: unknown;
  headers?: Record<string, string>;
}

interface WaitingSend {
  topic: string;
  messages: Message[];
  bytes: number;
  sent: () => void;
  failed: (error: unknown) => void;
}

/**
 * Sends that wait while one is in flight go out together in one request, up to this many
 * bytes of values: a record batch per partition must stay well under the broker's
 * `message.max.bytes` (1 MB by default).
 */
const MAX_COALESCED_BYTES = 256 * 1024;

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
  private readonly waiting: WaitingSend[] = [];
  private sending = false;

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

  send(topic: string, messages: JsonMessage[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    const encoded = messages.map(({ key, value, headers }) => ({ key, value: JSON.stringify(value), headers }));
    const bytes = encoded.reduce((sum, { value }) => sum + value.length, 0);
    return new Promise((sent, failed) => {
      this.waiting.push({ topic, messages: encoded, bytes, sent, failed });
      if (!this.sending) void this.sendWaiting();
    });
  }

  private async sendWaiting(): Promise<void> {
    this.sending = true;
    while (this.waiting.length > 0) {
      const together = this.takeTogether();
      try {
        await this.sendInOneRequest(together);
        for (const send of together) send.sent();
      } catch (error) {
        if (together.length === 1) together[0].failed(error);
        else for (const send of together) await this.sendInOneRequest([send]).then(send.sent, send.failed);
      }
    }
    this.sending = false;
  }

  /** The first waiting send, and those after it while they fit. */
  private takeTogether(): WaitingSend[] {
    let bytes = this.waiting[0].bytes;
    let count = 1;
    while (count < this.waiting.length && bytes + this.waiting[count].bytes <= MAX_COALESCED_BYTES) bytes += this.waiting[count++].bytes;
    return this.waiting.splice(0, count);
  }

  private async sendInOneRequest(sends: WaitingSend[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    for (const { topic, messages } of sends) {
      const ofTopic = byTopic.get(topic) ?? [];
      ofTopic.push(...messages);
      byTopic.set(topic, ofTopic);
    }
    await this.producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
  }
}
