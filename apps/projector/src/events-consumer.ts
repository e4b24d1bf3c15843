import { RecordedEvent } from '@app/domain';
import { JsonMessage, JsonProducer, Topics } from '@app/messaging';
import { AccountProjection } from '@app/read-model';
import { Logger } from '@nestjs/common';
import { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { parseEventMessage } from './event-message';

/**
 * Consumes the events topic in batches into the read model. A batch's offsets are
 * resolved only after its writes, so a crash replays it, and the projection skips what
 * it had already applied. Poison goes to the dead-letter topic; the partition moves on.
 */
export class EventsConsumer {
  private readonly logger = new Logger(EventsConsumer.name);
  private consumer?: Consumer;

  constructor(
    private readonly kafka: Kafka,
    private readonly producer: JsonProducer,
    private readonly projection: AccountProjection,
    private readonly topics: Topics,
    private readonly groupId: string,
  ) {}

  async start(): Promise<void> {
    this.consumer = this.kafka.consumer({ groupId: this.groupId, allowAutoTopicCreation: false });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topics.events, fromBeginning: true });
    await this.consumer.run({ eachBatchAutoResolve: false, eachBatch: (payload) => this.handleBatch(payload) });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isStale }: EachBatchPayload): Promise<void> {
    if (batch.messages.length === 0 || isStale()) return;
    const events: RecordedEvent[] = [];
    const deadLetters: JsonMessage[] = [];
    for (const message of batch.messages) {
      const parsed = parseEventMessage(message.value);
      if (parsed.ok) events.push(parsed.event);
      else deadLetters.push(this.deadLetter(parsed.reason, batch.partition, message));
    }
    const report = await this.projection.project(events);
    for (const { event, reason } of report.poisoned) {
      deadLetters.push({ key: event.customerId, value: { reason, source: { topic: this.topics.events, partition: batch.partition }, event, deadLetteredAt: new Date().toISOString() } });
    }
    await this.producer.send(this.topics.eventsDeadLetter, deadLetters);
    if (deadLetters.length > 0) this.logger.warn(`Dead-lettered ${deadLetters.length} event message(s) from partition ${batch.partition}`);
    resolveOffset(batch.lastOffset());
    await heartbeat();
    await commitOffsetsIfNecessary();
  }

  private deadLetter(reason: string, partition: number, message: KafkaMessage): JsonMessage {
    return {
      key: message.key?.toString() ?? null,
      value: {
        reason,
        source: { topic: this.topics.events, partition, offset: message.offset },
        valueBase64: message.value?.toString('base64') ?? null,
        deadLetteredAt: new Date().toISOString(),
      },
    };
  }
}
