import { Consumer, Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';

/** Resolves a promise per command id as its result arrives on the results topic. */
export class ResultWaiter {
  private readonly pending = new Map<string, (result: { outcome: string }) => void>();
  private readonly early = new Map<string, { outcome: string }>();
  private consumer?: Consumer;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
  ) {}

  async start(): Promise<void> {
    this.consumer = this.kafka.consumer({ groupId: `bench-results-${randomUUID()}`, maxWaitTimeInMs: 100 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: false });
    const joined = new Promise<void>((resolve) => this.consumer!.on(this.consumer!.events.GROUP_JOIN, () => resolve()));
    // A group of its own, read from the end: its offsets would never be read back.
    await this.consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        const result = JSON.parse(message.value!.toString());
        const resolve = this.pending.get(result.commandId);
        if (resolve) resolve(result);
        else this.early.set(result.commandId, result);
      },
    });
    await joined;
  }

  wait(commandId: string): Promise<{ outcome: string }> {
    const arrived = this.early.get(commandId);
    if (arrived) return Promise.resolve(arrived);
    return new Promise((resolve) => this.pending.set(commandId, resolve));
  }

  stop(): Promise<void> {
    return this.consumer?.disconnect() ?? Promise.resolve();
  }
}
