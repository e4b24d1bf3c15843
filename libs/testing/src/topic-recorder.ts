import { Consumer, Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { eventually } from './eventually';

export interface RecordedMessage {
  key: string | null;
  value: any;
  headers: Record<string, string>;
}

/** Reads topics from the beginning into memory, for tests to look at what the service sent. */
export class TopicRecorder {
  readonly messages = new Map<string, RecordedMessage[]>();
  private readonly consumer: Consumer;

  constructor(kafka: Kafka, topics: string[]) {
    this.consumer = kafka.consumer({ groupId: `test-recorder-${randomUUID()}` });
    for (const topic of topics) this.messages.set(topic, []);
  }

  static async start(brokers: string[], topics: string[]): Promise<TopicRecorder> {
    const recorder = new TopicRecorder(new Kafka({ brokers, clientId: 'test-recorder', logLevel: logLevel.NOTHING }), topics);
    await recorder.consumer.connect();
    await recorder.consumer.subscribe({ topics, fromBeginning: true });
    await recorder.consumer.run({
      eachMessage: async ({ topic, message }) => {
        const text = message.value?.toString('utf8') ?? '';
        let value: unknown = text;
        try {
          value = JSON.parse(text);
        } catch {
          // kept as text
        }
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
        recorder.messages.get(topic)!.push({ key: message.key?.toString() ?? null, value, headers });
      },
    });
    return recorder;
  }

  on(topic: string): RecordedMessage[] {
    return this.messages.get(topic) ?? [];
  }

  /** Waits until `topic` holds a message that `matches`, and returns it. */
  waitFor(topic: string, matches: (message: RecordedMessage) => boolean, timeoutMs = 20_000): Promise<RecordedMessage> {
    return eventually(
      () => {
        const found = this.on(topic).find(matches);
        if (!found) throw new Error(`No matching message on ${topic} yet (${this.on(topic).length} seen)`);
        return found;
      },
      { timeoutMs },
    );
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}
