import { Logger } from '@nestjs/common';
import { Admin, Kafka } from 'kafkajs';
import { setTimeout as delay } from 'node:timers/promises';

/** How long a trim waits for the intake to commit what the topic held when the forget was decided. */
const COVER_TIMEOUT_MS = 60_000;
const COVER_POLL_MS = 100;

/**
 * The commands topic is a queue: once a command's result is published and its offset
 * committed, the event store and the command log hold everything about it. A forget
 * deletes the processed records (Kafka's DeleteRecords), so that personal data an upstream
 * system sent in a command does not outlive the forget there.
 */
export class ProcessedCommandsTrimmer {
  private readonly logger = new Logger(ProcessedCommandsTrimmer.name);

  constructor(
    private readonly kafka: Kafka,
    private readonly commandsTopic: string,
    private readonly intakeGroupId: string,
  ) {}

  /**
   * Best effort, in the background: the forget is already stored. The records up to where the
   * topic ended when the forget was decided (the forget itself, and an update sent just before
   * it in the same chunk) are deleted once the intake has committed past them, which happens
   * only after the forget is answered. A Kafka that is down is trimmed by the next forget.
   */
  async trimProcessed(): Promise<void> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      // Partitions that hold records now; an empty one has no offset committed to wait for.
      const offsets = await admin.fetchTopicOffsets(this.commandsTopic);
      const ends = new Map(
        offsets.filter(({ low, high }) => BigInt(high) > BigInt(low)).map(({ partition, high }) => [partition, BigInt(high)]),
      );
      const committed = await this.committedPast(admin, ends);
      const partitions = [...committed]
        .filter(([, offset]) => offset > 0n)
        .map(([partition, offset]) => ({ partition, offset: offset.toString() }));
      if (partitions.length > 0) await admin.deleteTopicRecords({ topic: this.commandsTopic, partitions });
    } catch (error) {
      this.logger.warn(`Processed commands were not trimmed from ${this.commandsTopic}: ${(error as Error).message}`);
    } finally {
      await admin.disconnect();
    }
  }

  /** The intake's committed offsets once they reach `ends` on every partition, or as they are when the wait runs out. */
  private async committedPast(admin: Admin, ends: Map<number, bigint>): Promise<Map<number, bigint>> {
    const deadline = Date.now() + COVER_TIMEOUT_MS;
    for (;;) {
      const [offsets] = await admin.fetchOffsets({ groupId: this.intakeGroupId, topics: [this.commandsTopic] });
      const committed = new Map((offsets?.partitions ?? []).map(({ partition, offset }) => [partition, BigInt(offset)]));
      const behind = [...ends].filter(([partition, end]) => (committed.get(partition) ?? 0n) < end);
      if (behind.length === 0) return committed;
      if (Date.now() > deadline) {
        this.logger.warn(
          `The intake has not committed ${this.commandsTopic} up to the forget on partition(s) ${behind.map(([partition]) => partition).join(', ')}; trimmed what it has`,
        );
        return committed;
      }
      await delay(COVER_POLL_MS);
    }
  }
}
