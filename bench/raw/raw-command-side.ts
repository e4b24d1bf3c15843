import { AUDIT_INDEXES } from '@app/event-store';
import { Collection, Db, Document } from 'mongodb';
import { Consumer, Kafka, Producer } from 'kafkajs';
import { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { serveBenchRoutes } from '../bench-http-routes';
import { commitLike, SampleCommits } from './raw-commits';

const OUTBOX_BATCH = 500;
const OUTBOX_POLL_MS = 250;
const OUTBOX_GATHER_MS = 3;

/**
 * The command side's hops done raw, with the driver and kafkajs and nothing of the service: an
 * HTTP command is an insert of its commit (with those arriving beside it) and an answer; a Kafka command batch is one
 * consumption, one insert of its commits and one send of its results; an outbox loop finds the
 * marked commits, sends their events and unmarks them. Same indexes, write concern, acks and
 * idempotent producer as the service. What it leaves out is the work that makes the service
 * the service: authentication, validation, the domain's decision, the hash chain, the
 * personal-data encryption, the command log, metrics, logs and traces.
 */
export class RawCommandSide {
  private readonly commits: Collection<Document>;
  private readonly versions = new Map<string, number>();
  /** Commands of one customer one after the other, as the service orders them. */
  private readonly tails = new Map<string, Promise<unknown>>();
  private server?: Server;
  private consumer?: Consumer;
  private readonly producer: Producer;
  private running = true;
  private wake?: () => void;
  /** Commits were stored while the outbox was on a pass: it makes another at once. */
  private storedDuringPass = false;
  private outboxLoop?: Promise<void>;
  private readonly waitingInserts: Array<{ commit: Document; resolve: () => void; reject: (error: Error) => void }> = [];
  private inserting = false;
  private sentUnmarked: unknown[] = [];

  constructor(
    private readonly db: Db,
    private readonly kafka: Kafka,
    private readonly topicPrefix: string,
    private readonly samples: SampleCommits,
    private readonly projectorGroup: string,
  ) {
    this.commits = db.collection('event_commits');
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  }

  async start(): Promise<string> {
    await this.commits.createIndexes([
      { key: { customerId: 1, firstVersion: 1 }, name: 'stream_position', unique: true },
      { key: { publication: 1, customerId: 1, firstVersion: 1 }, name: 'unpublished' },
      // Every commit the service writes keeps up its audit's indexes too.
      ...AUDIT_INDEXES,
    ]);
    await this.producer.connect();
    this.outboxLoop = this.publishOutbox();
    await this.startKafkaIntake();
    const served = await serveBenchRoutes({
      register: (customerId) => this.commitNext(customerId, true, (commit) => this.insert(commit)),
      updateCompanyName: (customerId) => this.commitNext(customerId, false, (commit) => this.insert(commit)),
      lag: () => this.lag(),
    });
    this.server = served.server;
    return served.url;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await new Promise((resolve) => this.server?.close(resolve));
    await this.consumer?.disconnect();
    await this.outboxLoop;
    await this.producer.disconnect();
  }

  /** The customer's next commit, one after the other per customer; resolves with its version. */
  private commitNext(customerId: string, registration: boolean, write: (commit: Document) => Promise<void>): Promise<number> {
    const next = (this.tails.get(customerId) ?? Promise.resolve()).then(async () => {
      const version = registration ? 1 : (this.versions.get(customerId) ?? 0) + 1;
      await write(commitLike(registration ? this.samples.registration : this.samples.update, randomUUID(), customerId, version));
      this.versions.set(customerId, version);
      return version;
    });
    const settled = next.catch(() => undefined);
    this.tails.set(customerId, settled);
    void settled.then(() => this.tails.get(customerId) === settled && this.tails.delete(customerId));
    return next;
  }

  /**
   * One insert at a time, of every commit that came while the one before was on its way: the
   * cheapest way the driver writes commits that arrive side by side (the service does the same).
   */
  private insert(commit: Document): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waitingInserts.push({ commit, resolve, reject });
      if (!this.inserting) void this.insertWaiting();
    });
  }

  private async insertWaiting(): Promise<void> {
    this.inserting = true;
    while (this.waitingInserts.length > 0) {
      const batch = this.waitingInserts.splice(0);
      try {
        await this.commits.insertMany(
          batch.map(({ commit }) => commit),
          { ordered: false },
        );
        this.stored();
        for (const { resolve } of batch) resolve();
      } catch (error) {
        for (const { reject } of batch) reject(error as Error);
      }
    }
    this.inserting = false;
  }

  private async startKafkaIntake(): Promise<void> {
    this.consumer = this.kafka.consumer({ groupId: `${this.topicPrefix}.raw-intake`, maxWaitTimeInMs: 100 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: `${this.topicPrefix}.commands`, fromBeginning: true });
    await this.consumer.run({
      partitionsConsumedConcurrently: 3,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary }) => {
        const commands = batch.messages.map(
          (message) => JSON.parse(message.value!.toString()) as { commandId: string; type: string; customerId: string },
        );
        // One insert for the batch: every command's commit, in order per customer.
        const commits: Document[] = [];
        const versions = await Promise.all(
          commands.map((command) =>
            this.commitNext(command.customerId, command.type === 'RegisterCustomer', async (commit) => void commits.push(commit)),
          ),
        );
        if (commits.length > 0) await this.commits.insertMany(commits, { ordered: false });
        // The outbox is told once the commits are stored, as the service tells its own after each
        // append: told as each commit was made, before the insert, it looked, found none, and
        // slept a whole poll, so the chain left most of its publishing until after the backlog.
        this.stored();
        await this.producer.send({
          topic: `${this.topicPrefix}.command-results`,
          acks: -1,
          messages: commands.map((command, i) => ({
            key: command.customerId,
            value: JSON.stringify({
              commandId: command.commandId,
              outcome: 'accepted',
              customerId: command.customerId,
              version: versions[i],
            }),
          })),
        });
        resolveOffset(batch.lastOffset());
        await commitOffsetsIfNecessary();
      },
    });
  }

  private async publishOutbox(): Promise<void> {
    while (this.running) {
      let full = false;
      try {
        full = await this.publishPass();
      } catch {
        // FerretDB on SQLite refuses a write now and then ("database is locked"); the service's
        // outbox backs off and tries again, and so does this.
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      if (full || this.storedDuringPass) {
        this.storedDuringPass = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, OUTBOX_POLL_MS);
        this.wake = () => {
          clearTimeout(timer);
          this.wake = undefined;
          setTimeout(resolve, OUTBOX_GATHER_MS);
        };
      });
    }
  }

  /** New commits are stored: the outbox goes to them now, or after the pass it is on. */
  private stored(): void {
    if (this.wake) this.wake();
    else this.storedDuringPass = true;
  }

  /** Finds, sends and unmarks one batch of marked commits; whether the batch was full. */
  private async publishPass(): Promise<boolean> {
    // Sent, but the unmarking failed: unmarked first, never sent again (as the service does).
    if (this.sentUnmarked.length > 0) {
      await this.commits.updateMany({ _id: { $in: this.sentUnmarked } } as Document, { $unset: { publication: '' } });
      this.sentUnmarked = [];
    }
    const pending = await this.commits
      .find({ publication: 'pending' })
      .sort({ customerId: 1, firstVersion: 1 })
      .limit(OUTBOX_BATCH)
      .toArray();
    if (pending.length === 0) return false;
    await this.producer.send({
      topic: `${this.topicPrefix}.events`,
      acks: -1,
      messages: pending.flatMap((commit) =>
        (commit.events as Document[]).map((event) => ({ key: commit.customerId as string, value: JSON.stringify(event) })),
      ),
    });
    this.sentUnmarked = pending.map(({ _id }) => _id);
    await this.commits.updateMany({ _id: { $in: this.sentUnmarked } } as Document, { $unset: { publication: '' } });
    this.sentUnmarked = [];
    return pending.length === OUTBOX_BATCH;
  }

  /** The service's lag report, in its shape: the outbox's backlog and the raw projector's. */
  private async lag(): Promise<object> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const topic = `${this.topicPrefix}.events`;
      const [ends, [committed]] = await Promise.all([
        admin.fetchTopicOffsets(topic),
        admin.fetchOffsets({ groupId: this.projectorGroup, topics: [topic] }),
      ]);
      return {
        outbox: { unpublishedCommits: await this.commits.countDocuments({ publication: 'pending' }) },
        projector: {
          partitions: ends.map(({ partition, offset }) => {
            const at = committed?.partitions.find((each) => each.partition === partition)?.offset ?? '-1';
            return { partition, eventsBehind: Number(offset) - Math.max(0, Number(at)) };
          }),
        },
      };
    } finally {
      await admin.disconnect();
    }
  }
}
