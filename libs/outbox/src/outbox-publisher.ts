import { PersonalDataVault } from '@app/personal-data';
import { EventCommit } from '@app/event-store';
import { OutboxQueries } from './outbox-queries';
import { ShardClaims } from './outbox-shard-claims';
import { inSpansEach } from '@app/tracing';
import { eventMessage, JsonProducer } from '@app/messaging';
import { Logger } from '@nestjs/common';

const BATCH = 500;
const MAX_BACKOFF_MS = 30_000;
const STOP_WAIT_MS = 5_000;

export interface OutboxTiming {
  /** How often it looks for unpublished commits when nothing wakes it. */
  pollIntervalMs: number;
  /** How often the shards' leases are renewed during a pass. */
  leaseRenewalMs: number;
  /**
   * How long a pass that a new commit woke waits first, so that the commits landing in that
   * time go in the same pass: each pass costs a find, a send and a mark, and the projector a
   * batch, whatever it carries.
   */
  gatherMs: number;
}

/**
 * Moves committed events from the event store to Kafka. The outbox is sharded by the events
 * partition of each customer, and one publisher in the cluster holds a shard at a time, so
 * every customer's events reach Kafka from one producer in stream order while instances
 * publish side by side; an idempotent producer that never gives up means a Kafka outage
 * delays events but neither loses nor duplicates them. The commit that woke it is published
 * at once when this instance holds its shard; otherwise the holder finds it within one
 * polling interval. When the store fails between publishing and marking, the marks are
 * retried before anything else is published (and before a shard is given up), so an outage
 * of MongoDB doubles nothing. Only a crash in that moment makes the next holder publish
 * again: downstream tolerates that duplicate.
 */
export class OutboxPublisher {
  private readonly logger = new Logger(OutboxPublisher.name);
  private running?: Promise<void>;
  private stopped = true;
  private wakeUp?: () => void;
  private woken = false;
  private shards: number[] = [];
  private shardsAssignedAt = 0;
  /** Sent to Kafka, but the store failed before they were marked: marked first next time, never sent again. */
  private readonly sentUnmarked = new Set<string>();

  constructor(
    private readonly outbox: Pick<OutboxQueries, 'findUnpublished' | 'markPublished' | 'assignMissingShards'>,
    private readonly producer: JsonProducer,
    private readonly vault: Pick<PersonalDataVault, 'forget'>,
    private readonly claims: ShardClaims,
    private readonly shardOf: (customerId: string) => number,
    private readonly eventsTopic: string,
    private readonly timing: OutboxTiming,
  ) {}

  start(): void {
    this.stopped = false;
    this.running = this.loop();
  }

  /** The shards this instance held at its last pass. */
  get shardsHeld(): number[] {
    return [...this.shards];
  }

  /** A commit was just written: look now rather than at the next interval. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Waits for a pass under way, but not for a Kafka that is down: the next holder resumes. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    this.wakeUp = undefined;
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([this.running, new Promise((resolve) => (timeout = setTimeout(resolve, STOP_WAIT_MS)))]);
    clearTimeout(timeout);
    await this.claims.release().catch(() => undefined);
  }

  /** One pass: claims this instance's shards and publishes everything unpublished in them. Returns how many commits. */
  async publishPending(): Promise<number> {
    if (this.sentUnmarked.size > 0) await this.mark([...this.sentUnmarked]);
    const shards = await this.claims.claim();
    const changed = shards.join() !== this.shards.join();
    if (changed)
      this.logger.log(shards.length > 0 ? `Publishing outbox shards ${shards.join(', ')} to Kafka` : 'Other instances publish the outbox');
    this.shards = shards;
    if (shards.length === 0) return 0;
    // Commits stored without a shard come only from an event store before shards: looked for
    // when the shards change and a few times a lease, not on every pass.
    if (changed || Date.now() - this.shardsAssignedAt >= this.timing.leaseRenewalMs) {
      await this.outbox.assignMissingShards(this.shardOf);
      this.shardsAssignedAt = Date.now();
    }
    // Every shard held in one find, one send and one mark: a pass costs the same however many it holds.
    let published = 0;
    for (;;) {
      const commits = await this.outbox.findUnpublished(shards, BATCH);
      if (commits.length === 0) return published;
      await this.destroyForgottenKeys(commits);
      await inSpansEach(
        'publish',
        commits.map((commit) => commit.events[0]?.trace),
        () =>
          this.producer.send(
            this.eventsTopic,
            commits.flatMap((commit: EventCommit) => commit.events.map(eventMessage)),
          ),
      );
      const ids = commits.map((commit) => commit._id);
      for (const id of ids) this.sentUnmarked.add(id);
      await this.mark(ids);
      published += commits.length;
      if (commits.length < BATCH) return published;
    }
  }

  /**
   * The command side destroys a customer's key right after a forget is stored; this covers
   * a crash in between, before anyone reads the event. Only keys made before the forget:
   * a later one holds personal data given since.
   */
  private async destroyForgottenKeys(commits: EventCommit[]): Promise<void> {
    for (const commit of commits) {
      for (const event of commit.events) {
        if (event.type === 'CustomerPersonalDataForgotten') await this.vault.forget(event.customerId, event.version);
      }
    }
  }

  private async mark(ids: string[]): Promise<void> {
    await this.outbox.markPublished(ids);
    for (const id of ids) this.sentUnmarked.delete(id);
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        const woken = this.woken;
        this.woken = false;
        if (this.shards.length > 0 && woken && this.timing.gatherMs > 0) {
          await this.sleep(this.timing.gatherMs, false);
          // What woke it meanwhile is in this pass.
          this.woken = false;
        }
        await this.whileRenewingLeases(() => this.publishPending());
        failures = 0;
      } catch (error) {
        failures += 1;
        this.logger.warn(`Outbox publishing failed (${failures} in a row): ${(error as Error).message}`);
      }
      // A failing pass backs off whatever wakes it; a healthy one sleeps until woken.
      if (failures > 0) await this.sleep(Math.min(this.timing.pollIntervalMs * 2 ** failures, MAX_BACKOFF_MS), false);
      else if (!this.woken) await this.sleep(this.timing.pollIntervalMs, true);
    }
  }

  /** A pass can outlast the leases while Kafka is down; keep its shards ours meanwhile. */
  private async whileRenewingLeases<T>(work: () => Promise<T>): Promise<T> {
    const renewal = setInterval(() => {
      this.claims.renew().catch((error: Error) => this.logger.warn(`Could not renew the outbox leases: ${error.message}`));
    }, this.timing.leaseRenewalMs);
    try {
      return await work();
    } finally {
      clearInterval(renewal);
    }
  }

  private sleep(ms: number, wakeable: boolean): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = wakeable ? done : undefined;
    });
  }
}
