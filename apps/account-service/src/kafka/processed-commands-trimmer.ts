import { Logger } from '@nestjs/common';
import { Kafka } from 'kafkajs';

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

  /** Best effort: the forget is already stored; a Kafka that is down is trimmed by the next forget. */
  async trimProcessed(): Promise<void> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      const [committed] = await admin.fetchOffsets({ groupId: this.intakeGroupId, topics: [this.commandsTopic] });
      const partitions = (committed?.partitions ?? []).filter(({ offset }) => BigInt(offset) > 0n);
      if (partitions.length > 0) await admin.deleteTopicRecords({ topic: this.commandsTopic, partitions });
    } catch (error) {
      this.logger.warn(`Processed commands were not trimmed from ${this.commandsTopic}: ${(error as Error).message}`);
    } finally {
      await admin.disconnect();
    }
  }
}
