import { EventCommit, EventStore } from '@app/event-store';
import { Logger } from '@nestjs/common';
import { CommitPublisher } from './commit-publisher';

const BATCH = 500;
/** Commits younger than this are still being published right after their append. */
const GRACE_MS = 2_000;
const MAX_BACKOFF_MS = 30_000;
const STOP_WAIT_MS = 5_000;

/**
 * Publishes what the immediate publish missed (Kafka down, a crash between commit and
 * publish). Polls, since FerretDB has no change streams; backs off while Kafka fails.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private failures = 0;
  private stopped = true;

  constructor(
    private readonly eventStore: EventStore,
    private readonly publisher: CommitPublisher,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(this.intervalMs);
  }

  /** Waits for a pass under way, but not for a Kafka that is down: the next start resumes. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([this.running, new Promise((resolve) => (timeout = setTimeout(resolve, STOP_WAIT_MS)))]);
    clearTimeout(timeout);
  }

  /** One pass: publishes every unpublished commit older than the grace period. Returns how many. */
  async relayOnce(now = new Date()): Promise<number> {
    let relayed = 0;
    for (;;) {
      const commits = await this.eventStore.findUnpublished(BATCH, new Date(now.getTime() - GRACE_MS));
      if (commits.length === 0) return relayed;
      for (const stream of groupByCustomer(commits)) await this.publisher.publish(stream);
      relayed += commits.length;
      if (commits.length < BATCH) return relayed;
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => (this.running = undefined));
    }, delayMs);
  }

  private async tick(): Promise<void> {
    try {
      const relayed = await this.relayOnce();
      if (relayed > 0) this.logger.log(`Relayed ${relayed} unpublished commit(s) to Kafka`);
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      this.logger.warn(`Outbox relay failed (${this.failures} in a row): ${(error as Error).message}`);
    }
    this.schedule(Math.min(this.intervalMs * 2 ** this.failures, MAX_BACKOFF_MS));
  }
}

/** One customer's commits together, in stream order: instances' clocks need not follow versions. */
function groupByCustomer(commits: EventCommit[]): EventCommit[][] {
  const streams = new Map<string, EventCommit[]>();
  for (const commit of commits) {
    const stream = streams.get(commit.customerId) ?? [];
    stream.push(commit);
    streams.set(commit.customerId, stream);
  }
  for (const stream of streams.values()) stream.sort((a, b) => a.firstVersion - b.firstVersion);
  return [...streams.values()];
}
