import { EventCommit, EventStore } from '@app/event-store';
import { eventMessage, JsonProducer } from '@app/messaging';
import { Logger } from '@nestjs/common';

const MAX_IN_FLIGHT = 1_000;

/**
 * Moves committed events to Kafka and ticks them off in the outbox. A failure leaves the
 * commit unpublished for the relay; downstream tolerates the duplicates a retry can make.
 */
export class CommitPublisher {
  private readonly logger = new Logger(CommitPublisher.name);
  private inFlight = 0;

  constructor(
    private readonly producer: JsonProducer,
    private readonly eventStore: EventStore,
    private readonly eventsTopic: string,
  ) {}

  /** Publishes commits in the order given (callers pass one customer's commits in stream order). */
  async publish(commits: EventCommit[]): Promise<void> {
    if (commits.length === 0) return;
    await this.producer.send(this.eventsTopic, commits.flatMap((commit) => commit.events.map(eventMessage)));
    await this.eventStore.markPublished(commits.map((commit) => commit._id));
  }

  /**
   * Right after a commit, for low latency; the relay catches whatever this misses. While
   * Kafka is down sends wait, so past a bound new commits are left to the relay instead
   * of piling up in memory.
   */
  publishSoon(commit: EventCommit): void {
    if (this.inFlight >= MAX_IN_FLIGHT) return;
    this.inFlight += 1;
    this.publish([commit])
      .catch((error: Error) => this.logger.warn(`Commit ${commit._id} of ${commit.customerId} left to the outbox relay: ${error.message}`))
      .finally(() => (this.inFlight -= 1));
  }
}
