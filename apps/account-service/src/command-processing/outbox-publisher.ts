import { PersonalDataVault } from '@app/personal-data';
import { EventCommit, EventStore, Lease } from '@app/event-store';
import { eventMessage, JsonProducer } from '@app/messaging';
import { Logger } from '@nestjs/common';

const BATCH = 500;
/** Sent and not yet marked beyond this, sending waits for the marks: memory stays bounded when the store is slow. */
const MAX_UNMARKED = 5_000;
/** Streams whose published version this instance remembers; one it forgot goes by the sweep. */
const MAX_TRACKED_STREAMS = 100_000;
const MAX_BACKOFF_MS = 30_000;
const STOP_WAIT_MS = 5_000;
/** How often the holder looks for intents left by instances of the previous version (a rolling upgrade). */
const LEGACY_INTENTS_EVERY_MS = 60_000;

/**
 * Moves committed events from the event store to Kafka. One publisher in the cluster
 * holds the lease at a time, so every customer's events reach Kafka from one producer in
 * stream order; an idempotent producer that never gives up means a Kafka outage delays
 * events but neither loses nor duplicates them.
 *
 * A commit this instance appended is handed over as it is stored and, when this instance
 * holds the lease, sent at once from memory, provided the stream's commit before it is one
 * this publisher sent: otherwise (a commit another instance appended, a stream it forgot)
 * the sweep finds the pending commits in the store, in stream order, and sends them. The
 * sweep also runs every polling interval, for commits of other instances and for those
 * left by a crash. Sent commits are marked published in the background, one mark of all
 * sent so far at a time, so that a send never waits for the previous marks: marking
 * rewrites each commit, and under load it took most of a pass. A commit sent and not yet
 * marked is never sent again by this instance, whatever the store does meanwhile; only a
 * crash before its mark makes the next holder send it again, a duplicate downstream
 * tolerates.
 */
export class OutboxPublisher {
  private readonly logger = new Logger(OutboxPublisher.name);
  private running?: Promise<void>;
  private stopped = true;
  private wakeUp?: () => void;
  private woken = false;
  private leader = false;
  private legacyIntentsLookedAt = 0;
  private sweptAt = 0;
  private sweepDue = true;
  /** Commits this instance appended, in the order they were stored, waiting to be sent. */
  private handedOver: EventCommit[] = [];
  /** The last version of each stream this publisher sent, oldest first: where a handed-over commit may follow at once. */
  private readonly sentUpTo = new Map<string, number>();
  /** Sent to Kafka, not yet marked in the store: never sent again, marked in the background. */
  private readonly sentUnmarked = new Set<string>();
  private marking?: Promise<void>;

  constructor(
    private readonly eventStore: EventStore,
    private readonly producer: JsonProducer,
    private readonly vault: Pick<PersonalDataVault, 'forget'>,
    private readonly lease: Lease,
    private readonly eventsTopic: string,
    private readonly intervalMs: number,
    private readonly leaseRenewalMs: number,
  ) {}

  start(): void {
    this.stopped = false;
    this.running = this.loop();
  }

  /** A commit this instance just stored: sent now when it can be, else found by the next sweep. */
  committed(commit: EventCommit): void {
    this.handedOver.push(commit);
    this.woken = true;
    this.wakeUp?.();
  }

  /** Waits for a pass under way, but not for a Kafka that is down: the next holder resumes. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    this.wakeUp = undefined;
    let timeout: NodeJS.Timeout | undefined;
    const marked = (async () => {
      await this.running;
      this.markInBackground();
      await this.marking;
    })();
    await Promise.race([marked, new Promise((resolve) => (timeout = setTimeout(resolve, STOP_WAIT_MS)))]);
    clearTimeout(timeout);
    if (this.leader) await this.lease.release().catch(() => undefined);
  }

  /** One pass as the lease holder: the commits handed over, then a sweep if one is due. Returns how many commits it sent. */
  async publishPending(): Promise<number> {
    this.markInBackground();
    let published = await this.publishHandedOver();
    if (this.sweepDue || Date.now() - this.sweptAt >= this.intervalMs) published += await this.sweep();
    return published;
  }

  /** Handed-over commits that follow what this publisher sent go out at once; any other waits for the sweep. */
  private async publishHandedOver(): Promise<number> {
    const handedOver = this.handedOver;
    this.handedOver = [];
    const ready: EventCommit[] = [];
    const upTo = new Map<string, number>();
    for (const commit of handedOver) {
      const sent = upTo.get(commit.customerId) ?? this.sentUpTo.get(commit.customerId) ?? 0;
      if (commit.lastVersion <= sent || this.sentUnmarked.has(commit._id)) continue;
      if (commit.firstVersion !== sent + 1) {
        this.sweepDue = true;
        continue;
      }
      ready.push(commit);
      upTo.set(commit.customerId, commit.lastVersion);
    }
    try {
      await this.send(ready);
    } catch (error) {
      // They are in the store, pending: the sweep sends them in order once Kafka is back.
      this.sweepDue = true;
      throw error;
    }
    return ready.length;
  }

  /** Every pending commit in the store, in stream order, but those already sent. */
  private async sweep(): Promise<number> {
    this.sweepDue = true;
    let published = 0;
    for (;;) {
      // Those sent are left out by the query, so that a full batch means more to send; taken
      // before the find, since a mark landing while it runs would let it read them as pending.
      const found = await this.eventStore.findUnpublished(BATCH, [...this.sentUnmarked]);
      await this.send(found);
      published += found.length;
      if (found.length < BATCH) break;
    }
    this.sweepDue = false;
    this.sweptAt = Date.now();
    return published;
  }

  private async send(commits: EventCommit[]): Promise<void> {
    if (commits.length === 0) return;
    if (this.sentUnmarked.size >= MAX_UNMARKED) await this.marksWritten();
    await this.destroyForgottenKeys(commits);
    await this.producer.send(this.eventsTopic, commits.flatMap((commit: EventCommit) => commit.events.map(eventMessage)));
    for (const commit of commits) {
      this.sentUnmarked.add(commit._id);
      this.sentUpTo.delete(commit.customerId);
      this.sentUpTo.set(commit.customerId, commit.lastVersion);
    }
    for (const customerId of this.sentUpTo.keys()) {
      if (this.sentUpTo.size <= MAX_TRACKED_STREAMS) break;
      this.sentUpTo.delete(customerId);
    }
    this.markInBackground();
  }

  /** Marks everything sent, one mark at a time; a failed mark is tried again by the next pass. */
  private markInBackground(): void {
    this.marking ??= (async () => {
      while (this.sentUnmarked.size > 0) {
        const ids = [...this.sentUnmarked];
        await this.eventStore.markPublished(ids);
        for (const id of ids) this.sentUnmarked.delete(id);
      }
    })()
      .catch((error: Error) => this.logger.warn(`Could not mark ${this.sentUnmarked.size} sent commit(s) published: ${error.message}`))
      .finally(() => (this.marking = undefined));
  }

  /** Until everything sent so far is marked; throws if the store fails meanwhile. */
  private async marksWritten(): Promise<void> {
    while (this.sentUnmarked.size > 0) {
      this.markInBackground();
      await this.marking;
      if (this.sentUnmarked.size > 0) throw new Error(`${this.sentUnmarked.size} sent commit(s) could not be marked published`);
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

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        this.woken = false;
        const wasLeader = this.leader;
        this.leader = await this.lease.hold();
        if (this.leader !== wasLeader) this.logger.log(this.leader ? 'Publishing the outbox to Kafka' : 'Another instance publishes the outbox');
        if (this.leader && !wasLeader) {
          // Whatever the holder before it left pending.
          this.sweepDue = true;
          const adopted = await this.eventStore.adoptLegacyBacklog();
          if (adopted > 0) this.logger.log(`Adopted ${adopted} unpublished commit(s) stored with published: false`);
        }
        if (this.leader && Date.now() - this.legacyIntentsLookedAt >= LEGACY_INTENTS_EVERY_MS) {
          const adopted = await this.eventStore.adoptLegacyIntents();
          this.legacyIntentsLookedAt = Date.now();
          if (adopted > 0) this.logger.log(`Adopted ${adopted} unpublished commit(s) from the previous version's outbox intents`);
        }
        if (this.leader) await this.whileRenewingLease(() => this.publishPending());
        // The holder finds them in the store.
        else this.handedOver = [];
        failures = 0;
      } catch (error) {
        failures += 1;
        this.logger.warn(`Outbox publishing failed (${failures} in a row): ${(error as Error).message}`);
      }
      // A failing pass backs off whatever wakes it; a healthy one sleeps until woken.
      if (failures > 0) await this.sleep(Math.min(this.intervalMs * 2 ** failures, MAX_BACKOFF_MS), false);
      else if (!this.woken) await this.sleep(this.intervalMs, true);
    }
  }

  /** A pass can outlast the lease while Kafka is down; keep it ours meanwhile. */
  private async whileRenewingLease<T>(work: () => Promise<T>): Promise<T> {
    const renewal = setInterval(() => {
      this.lease.acquire().catch((error: Error) => this.logger.warn(`Could not renew the outbox lease: ${error.message}`));
    }, this.leaseRenewalMs);
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
