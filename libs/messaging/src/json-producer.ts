import { Kafka, Partitioners, Producer } from 'kafkajs';

export interface JsonMessage {
  key: string | null;
  value: unknown;
  headers?: Record<string, string>;
}

/**
 * Sends JSON messages with acks from all in-sync replicas. Idempotent, one request in
 * flight: a retried send can neither duplicate nor reorder messages of one partition.
 * An idempotent producer must not give up (kafkajs warns that bounded retries break its
 * guarantees), so a send waits out a Kafka outage; callers decide whether to wait for it.
 */
export class JsonProducer {
  private readonly producer: Producer;

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
    await this.producer.send({
      topic,
      acks: -1,
      messages: messages.map(({ key, value, headers }) => ({ key, value: JSON.stringify(value), headers })),
    });
  }
}
