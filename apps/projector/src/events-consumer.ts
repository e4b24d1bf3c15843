import { inSpansEach } from '@app/tracing';
import { RecordedEvent } from '@app/domain';
import { EventOpener } from '@app/event-store';
import { LatestPerKey } from '@app/concurrency';
import { BackgroundOffsetCommits, consumerConfig, JsonMessage, JsonProducer, SupervisedConsumer, Topics } from '@app/messaging';
import { AccountProjection, DeadLetterLog, ProgressMark, ProjectionProgress } from '@app/read-model';
import { Logger } from '@nestjs/common';
import { Batch, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { Registry } from 'prom-client';
import { setTimeout as delay } from 'node:timers/promises';
import { parseEventMessage } from './event-message';
import { projectSettingAside } from './project-setting-aside';
import { openForFold } from './open-for-fold';
import { ProjectorMetrics } from './projector-metrics';

const LAG_LOG_INTERVAL_MS = 10_000;

/**
 * Progress marks only date the lag report's `secondsBehind`: written at most this often,
 * in the background, where one a batch cost a write (and its transaction) each.
 */
const PROGRESS_INTERVAL_MS = 200;

/**
 * Offsets are committed at most this often (and on leaving): a crash replays what came
 * after, which the projection skips by version. A commit a batch was a large share of the
 * broker's requests (docs/benchmarks.md).
 */
const OFFSET_COMMIT_INTERVAL_MS = 200;

/**
 * A batch that could not be written is taken again from its first offset after this pause,
 * so that a read model out of reach is tried about once a second rather than in a tight loop.
 */
const RETRY_FAILED_BATCH_AFTER_MS = 1_000;

interface DeadLetter {
  id: string;
  reason: string;
  message: JsonMessage;
  customerId?: string;
  version?: number;
}

/**
 * Consumes the events topic in batches into the read model. A batch's offset is committed
 * only after its writes, so a crash replays it, and the projection skips what it had
 * already applied. Poison, and a customer whose write the store refuses, go to the
 * dead-letter topic; the partition moves on. Only the read model or Kafka out of reach
 * holds a batch back, to be taken again.
 *
 * Each partition's batches are written one after the other, and while one is written the
 * next is fetched, parsed and opened. kafkajs fetches again only once every batch of a fetch
 * is handled, so awaiting each batch's writes there left this process idle, Kafka and
 * FerretDB waiting in turn.
 */
export class EventsConsumer {
  private readonly logger = new Logger(EventsConsumer.name);
  private readonly lagLoggedAt = new Map<number, number>();
  private readonly supervised: SupervisedConsumer;
  private leaving = false;
  private readonly offsets = new BackgroundOffsetCommits(
    () => this.supervised.current(),
    (message) => this.logger.warn(message),
    OFFSET_COMMIT_INTERVAL_MS,
  );
  private readonly newestEventAt = new Map<number, string>();
  private readonly progressMarks: LatestPerKey<ProgressMark>;
  /** The write of each partition's latest batch, which the next one waits for. */
  private readonly writing = new Map<number, Promise<void>>();

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
    registry: Registry,
    /** Partitions taken side by side: each holds its own customers, whose writes are guarded by version. */
    private readonly partitionsConsumedConcurrently = 1,
  ) {
    this.supervised = new SupervisedConsumer(
      kafka,
      consumerConfig(groupId),
      async (consumer) => {
        await consumer.subscribe({ topic: this.topics.events, fromBeginning: true });
        await consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: this.partitionsConsumedConcurrently,
          eachBatch: (payload) => this.handleBatch(payload),
        });
      },
      this.logger,
      registry,
      'events',
    );
    this.progressMarks = new LatestPerKey<ProgressMark>(
      (marks) => this.progress.recordAll(marks),
      (error) => this.logger.warn(`Could not record the projection's progress (the next mark covers it): ${(error as Error).message}`),
      PROGRESS_INTERVAL_MS,
    );
  }

  async start(): Promise<void> {
    await this.supervised.start();
  }

  /** Down while the consumer is out of its group: readiness counts it. */
  health() {
    return this.supervised.state();
  }

  /** Batches under way are written and their offsets committed before the consumer leaves its group; a batch in hand commits its own. */
  async stop(): Promise<void> {
    this.leaving = true;
    this.supervised.stop();
    await Promise.all([...this.writing.values()].map(settled));
    await this.offsets.flush();
    await this.supervised.current()?.disconnect();
    await this.progressMarks.flush();
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    if (batch.messages.length === 0 || isStale()) return;
    const started = performance.now();
    const parsedEvents: RecordedEvent[] = [];
    const deadLetters: DeadLetter[] = [];
    for (const message of batch.messages) {
      const parsed = parseEventMessage(message.value);
      if (parsed.ok) parsedEvents.push(parsed.event);
      else deadLetters.push(this.unreadable(parsed.reason, batch.partition, message));
    }
    const events = await openForFold(this.opener, parsedEvents, (event, reason) =>
      deadLetters.push(this.poison(reason, batch.partition, event)),
    );

    const before = this.writing.get(batch.partition) ?? Promise.resolve();
    // A batch fetched behind one that failed fails with it, unwritten, and is fetched again too.
    const written = before.then(() => this.write(batch, parsedEvents, events, deadLetters, started));
    this.writing.set(batch.partition, written);
    written.catch(() => {
      if (this.writing.get(batch.partition) === written) this.writing.delete(batch.partition);
    });
    // Where kafkajs fetches from next; what is committed moves once the batch is written.
    resolveOffset(batch.lastOffset());
    // One batch a partition written behind the one in hand, no more.
    await settled(before);
    await heartbeat();
    // kafkajs leaves the group once this returns.
    if (this.leaving || !isRunning()) {
      await settled(written);
      await this.offsets.flush();
    }
  }

  private async write(
    batch: Batch,
    parsedEvents: RecordedEvent[],
    events: RecordedEvent[],
    deadLetters: DeadLetter[],
    started: number,
  ): Promise<void> {
    try {
      const report = await inSpansEach(
        'project',
        parsedEvents.map((event) => event.trace),
        () => projectSettingAside(this.projection, events),
      );
      this.metrics.batchWritten((performance.now() - started) / 1000);
      // Dead letters are kept forever: they carry the event as published, personal values sealed
      // (one healed from the event store goes without its data, which stays in the store).
      const asPublished = new Map(parsedEvents.map((event) => [event.eventId, event]));
      for (const { event, reason } of report.poisoned)
        deadLetters.push(this.poison(reason, batch.partition, asPublished.get(event.eventId) ?? ({ ...event, data: {} } as never)));
      await this.sendDeadLetters(deadLetters);
      this.offsets.doneUpTo(batch.topic, batch.partition, batch.lastOffset());
      this.markProgress(batch, events);
      this.metrics.batchDone(batch.partition, report, Number(batch.offsetLag()));
      this.logLag(batch);
    } catch (error) {
      this.metrics.batchFailed();
      this.logger.warn(
        `Events ${batch.messages[0].offset}-${batch.lastOffset()} of ${batch.topic} partition ${batch.partition} not written; taken again in ${RETRY_FAILED_BATCH_AFTER_MS} ms: ${(error as Error).message}`,
      );
      await delay(RETRY_FAILED_BATCH_AFTER_MS);
      // A leaving consumer seeks nowhere: the next owner starts from the committed offset.
      if (!this.leaving)
        this.supervised.current()?.seek({ topic: batch.topic, partition: batch.partition, offset: batch.messages[0].offset });
      throw error;
    }
  }

  private markProgress(batch: Batch, events: RecordedEvent[]): void {
    const newest = latest(events) ?? this.newestEventAt.get(batch.partition);
    if (newest) this.newestEventAt.set(batch.partition, newest);
    const committedOffset = (BigInt(batch.lastOffset()) + 1n).toString();
    this.progressMarks.set(String(batch.partition), {
      topic: this.topics.events,
      partition: batch.partition,
      committedOffset,
      lastEventAt: newest,
    });
  }

  private async sendDeadLetters(deadLetters: DeadLetter[]): Promise<void> {
    const sent = await this.deadLetters.alreadySent(deadLetters.map((letter) => letter.id));
    const fresh = deadLetters.filter((letter) => !sent.has(letter.id));
    if (fresh.length === 0) return;
    // Sent before recorded: a crash in between sends a letter twice rather than never.
    await this.producer.send(
      this.topics.eventsDeadLetter,
      fresh.map((letter) => letter.message),
    );
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
      message: {
        key: event.customerId,
        value: { reason, source: { topic: this.topics.events, partition }, event, deadLetteredAt: new Date().toISOString() },
      },
    };
  }

  /** A log line per partition that is behind, at most every ten seconds. */
  private logLag(batch: Batch): void {
    const behind = Number(batch.offsetLag());
    const now = Date.now();
    if (behind === 0 || now - (this.lagLoggedAt.get(batch.partition) ?? 0) < LAG_LOG_INTERVAL_MS) return;
    this.lagLoggedAt.set(batch.partition, now);
    this.logger.log(
      `Read model behind on ${this.topics.events} partition ${batch.partition}: ${behind} event(s) after offset ${batch.lastOffset()}`,
    );
  }
}

/** Waits for the promise to settle, whichever way: its failure is handled where it is made. */
const settled = (promise: Promise<unknown>): Promise<void> =>
  promise.then(
    () => undefined,
    () => undefined,
  );

function latest(events: RecordedEvent[]): string | undefined {
  return events.reduce<string | undefined>(
    (newest, event) => (newest === undefined || event.occurredAt > newest ? event.occurredAt : newest),
    undefined,
  );
}
