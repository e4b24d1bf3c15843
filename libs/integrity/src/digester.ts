import { CommittedHead, EventStore } from '@app/event-store';
import { Lease } from '@app/mongo';
import { Logger } from '@nestjs/common';
import { DigestSequenceTaken, DigestStore } from './digest-store';
import { SigningKey } from './signing-keys';
import { GENESIS_HASH, sealDigest, SignedDigest, StreamHead } from './stream-digest';

export interface DigesterTiming {
  /** How often the lease holder signs the heads that changed. */
  intervalMs: number;
  /**
   * How far back each pass looks again before the last one's end: a commit is stamped before
   * it is stored, so one stored late (or stamped by a clock behind) still gets signed.
   */
  overlapMs: number;
}

/** The longest stretch of commits one digest covers, so that a first pass over a large store is read a piece at a time. */
const MAX_WINDOW_MS = 60 * 60 * 1000;
/** Another instance taking the same number first is a race it loses a few times at most. */
const SEQUENCE_ATTEMPTS = 5;

/**
 * Signs, at an interval and on demand, each partner's stream heads that changed since its
 * last digest, linked to that digest: an edit in the store, even with every hash after it
 * recomputed, no longer matches what was signed. Digests go to the store and then, in the
 * background, to the digests topic, the copy outside the database.
 */
export class Digester {
  private readonly logger = new Logger(Digester.name);
  private passes: Promise<unknown> = Promise.resolve();
  private publishing: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private stopped = true;

  constructor(
    private readonly store: EventStore,
    private readonly digests: DigestStore,
    private readonly key: SigningKey,
    private readonly publish: (digests: SignedDigest[]) => Promise<void>,
    private readonly lease: Lease,
    private readonly timing: DigesterTiming,
    private readonly now: () => Date = () => new Date(),
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.passes.catch(() => undefined);
    await this.lease.release().catch(() => undefined);
  }

  /** Signs what changed up to now; the digests issued, once stored (their publication follows). */
  issue(): Promise<SignedDigest[]> {
    const pass = this.passes.then(
      () => this.pass(),
      () => this.pass(),
    );
    this.passes = pass;
    return pass;
  }

  /** Waits until every digest stored so far is on the topic: for shutdown and tests. */
  async published(): Promise<void> {
    this.publishInBackground();
    await this.publishing;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(async () => {
      try {
        if (await this.lease.hold()) await this.issue();
      } catch (error) {
        this.logger.warn(`Digest pass failed, tried again in ${this.timing.intervalMs} ms: ${(error as Error).message}`);
      }
      this.schedule();
    }, this.timing.intervalMs);
  }

  private async pass(): Promise<SignedDigest[]> {
    const until = this.now();
    const covered = (await this.digests.coveredUntil()) ?? (await this.store.firstCommittedAt(new Date(0)));
    const issued: SignedDigest[] = [];
    if (covered) {
      for (let from = new Date(covered.getTime() - this.timing.overlapMs); from < until;) {
        const to = new Date(Math.min(from.getTime() + MAX_WINDOW_MS, until.getTime()));
        issued.push(...(await this.signWindow(await this.store.headsCommittedBetween(from, to), to)));
        await this.digests.cover(to);
        from = to;
      }
    }
    this.publishInBackground();
    return issued;
  }

  private async signWindow(heads: CommittedHead[], issuedAt: Date): Promise<SignedDigest[]> {
    const byPartner = new Map<string, Map<string, StreamHead>>();
    for (const { partnerId, customerId, version, hash } of heads) {
      const streams = byPartner.get(partnerId) ?? new Map<string, StreamHead>();
      byPartner.set(partnerId, streams);
      if ((streams.get(customerId)?.version ?? 0) < version) streams.set(customerId, { customerId, version, hash });
    }
    const issued: SignedDigest[] = [];
    for (const [partnerId, streams] of byPartner) {
      const digest = await this.signForPartner(partnerId, [...streams.values()], issuedAt);
      if (digest) issued.push(digest);
    }
    return issued;
  }

  private async signForPartner(partnerId: string, heads: StreamHead[], issuedAt: Date): Promise<SignedDigest | undefined> {
    for (let attempt = 1; ; attempt++) {
      const previous = (await this.digests.latestOf([partnerId])).get(partnerId);
      // What the overlap reads again and the last digest already signed is not signed twice.
      const signedBefore = new Map(previous?.heads.map((head) => [head.customerId, head.version]));
      const changed = heads
        .filter((head) => (signedBefore.get(head.customerId) ?? 0) < head.version)
        .sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
      if (changed.length === 0) return undefined;
      const digest = sealDigest(
        {
          partnerId,
          sequence: (previous?.sequence ?? 0) + 1,
          issuedAt: issuedAt.toISOString(),
          previousDigestHash: previous?.digestHash ?? GENESIS_HASH,
          heads: changed,
        },
        this.key,
      );
      try {
        await this.digests.insert(digest);
        return digest;
      } catch (error) {
        if (!(error instanceof DigestSequenceTaken) || attempt >= SEQUENCE_ATTEMPTS) throw error;
      }
    }
  }

  private publishInBackground(): void {
    this.publishing = this.publishing.then(async () => {
      try {
        const pending = await this.digests.unpublished();
        await this.publish(pending);
        await this.digests.markPublished(pending);
      } catch (error) {
        this.logger.warn(`Digests not published yet, tried again with the next pass: ${(error as Error).message}`);
      }
    });
  }
}
