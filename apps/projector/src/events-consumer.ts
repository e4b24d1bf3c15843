import { RecordedEvent } from '@app/domain';
import { EventOpener } from '@app/event-store';
import { consumerConfig, JsonMessage, JsonProducer, Topics } from '@app/messaging';
import { AccountProjection, DeadLetterLog, ProjectionProgress } from '@app/read-model';
import { Logger } from '@nestjs/common';
import { Batch, Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { parseEventMessage } from './event-message';
import { ProjectorMetrics } from './projector-metrics';

const LAG_LOG_INTERVAL_MS = 10_000;

interface DeadLetter {
  id: string;
  reason: string;
  message: JsonMessage;
  customerId?: string;
  version?: number;
}

/**
 * Consumes the events topic in batches into the read model. A batch's offsets are
 * resolved only after its writes, so a crash replays it, and the projection skips what
 * it had already applied. Poison goes to the dead-letter topic; the partition moves on.
 */
export class EventsConsumer {
  private readonly logger = new Logger(EventsConsumer.name);
  private readonly lagLoggedAt = new Map<number, number>();
  private consumer?: Consumer;

  constructor(
    private readonly kafka: Kafka,
    private readonly producer: JsonProducer,
    private readonly projection: AccountProjection,
    private readonly opener: EventOpener,
    private readonly deadLetters: DeadLetterLog,
    private readonly progress: ProjectionProgress,
    private readonly topics: Topics,
    private readonly groupId: string,
    private readonly metrics: ProjectorMetrics,
    /** Partitions taken side by side: each holds its own customers, whose writes are guarded by version. */
    private readonly partitionsConsumedConcurrently = 1,
  ) {}

  async start(): Promise<void> {
    this.consumer = this.kafka.consumer(consumerConfig(this.groupId));
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topics.events, fromBeginning: true });
    await this.consumer.run({ eachBatchAutoResolve: false, partitionsConsumedConcurrently: this.partitionsConsumedConcurrently, eachBatch: (payload) => this.handleBatch(payload) });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isStale }: EachBatchPayload): Promise<void> {
    if (batch.messages.length === 0 || isStale()) return;
    const started = performance.now();
    const parsedEvents: RecordedEvent[] = [];
    const deadLetters: DeadLetter[] = [];
    for (const message of batch.messages) {
      const parsed = parseEventMessage(message.value);
      if (parsed.ok) parsedEvents.push(parsed.event);
      else deadLetters.push(this.unreadable(parsed.reason, batch.partition, message));
    }
    const events = await this.open(parsedEvents, (event, reason) => deadLetters.push(this.poison(reason, batch.partition, event)));
    const report = await this.projection.project(events);
    this.metrics.batchWritten((performance.now() - started) / 1000);
    // Dead letters are kept forever: they carry the event as published, personal values sealed
    // (one healed from the event store goes without its data, which stays in the store).
    const asPublished = new Map(parsedEvents.map((event) => [event.eventId, event]));
    for (const { event, reason } of report.poisoned) deadLetters.push(this.poison(reason, batch.partition, asPublished.get(event.eventId) ?? ({ ...event, data: {} } as never)));
    await this.sendDeadLetters(deadLetters);

    resolveOffset(batch.lastOffset());
    await heartbeat();
    await commitOffsetsIfNecessary();
    const committedOffset = (BigInt(batch.lastOffset()) + 1n).toString();
    await this.progress.record(this.topics.events, batch.partition, committedOffset, latest(events));
    this.metrics.batchDone(batch.partition, report, Number(batch.offsetLag()));
    this.logLag(batch);
  }

  /** Personal values opened (or erased); a sealed value that does not open (altered on the way) is poison. */
  private async open(events: RecordedEvent[], poisoned: (event: RecordedEvent, reason: string) => void): Promise<RecordedEvent[]> {
    try {
      return await this.opener.openToFold(events);
    } catch {
      const opened: RecordedEvent[] = [];
      for (const event of events) {
        try {
          opened.push(...(await this.opener.openToFold([event])));
        } catch (error) {
          poisoned(event, `A personal value does not open: ${(error as Error).message}`);
        }
      }
      return opened;
    }
  }

  private async sendDeadLetters(deadLetters: DeadLetter[]): Promise<void> {
    const sent = await this.deadLetters.alreadySent(deadLetters.map((letter) => letter.id));
    const fresh = deadLetters.filter((letter) => !sent.has(letter.id));
    if (fresh.length === 0) return;
    // Sent before recorded: a crash in between sends a letter twice rather than never.
    await this.producer.send(this.topics.eventsDeadLetter, fresh.map((letter) => letter.message));
    this.metrics.deadLettered(fresh.length);
    await this.deadLetters.record(fresh.map(({ id, reason, customerId, version }) => ({ _id: id, reason, customerId, version })));
    this.logger.warn(`Dead-lettered ${fresh.length} event message(s): ${fresh.map((letter) => letter.reason).join('; ')}`);
  }

  private unreadable(reason: string, partition: number, message: KafkaMessage): DeadLetter {
    return {
      id: `offset:${this.topics.events}:${partition}:${message.offset}`,
      reason,
      message: {
        key: message.key?.toString() ?? null,
        value: {
          reason,
          source: { topic: this.topics.events, partition, offset: message.offset },
          valueBase64: message.value?.toString('base64') ?? null,
          deadLetteredAt: new Date().toISOString(),
        },
      },
    };
  }

  private poison(reason: string, partition: number, event: RecordedEvent): DeadLetter {
    return {
      id: `event:${event.eventId}`,
      reason,
      customerId: event.customerId,
      version: event.version,
      message: { key: event.customerId, value: { reason, source: { topic: this.topics.events, partition }, event, deadLetteredAt: new Date().toISOString() } },
    };
  }

  /** A log line per partition that is behind, at most every ten seconds. */
  private logLag(batch: Batch): void {
    const behind = Number(batch.offsetLag());
    const now = Date.now();
    if (behind === 0 || now - (this.lagLoggedAt.get(batch.partition) ?? 0) < LAG_LOG_INTERVAL_MS) return;
    this.lagLoggedAt.set(batch.partition, now);
    this.logger.log(`Read model behind on ${this.topics.events} partition ${batch.partition}: ${behind} event(s) after offset ${batch.lastOffset()}`);
  }
}

function latest(events: RecordedEvent[]): string | undefined {
  return events.reduce<string | undefined>((newest, event) => (newest === undefined || event.occurredAt > newest ? event.occurredAt : newest), undefined);
}
