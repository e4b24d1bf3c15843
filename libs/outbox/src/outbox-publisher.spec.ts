import { EventCommit } from '@app/event-store';
import { JsonMessage, JsonProducer } from '@app/messaging';
import { PersonalDataVault } from '@app/personal-data';
import { bareCommit } from '@app/testing';
import { OutboxPublisher } from './outbox-publisher';
import { ShardClaims } from './outbox-shard-claims';

/** The outbox's side of the event store in memory; it can refuse marks, as a failing store would. */
class OutboxInMemory {
  constructor(readonly shardOf: (customerId: string) => number = () => 0) {}

  readonly commits: Array<EventCommit & { pending: boolean }> = [];
  refuseMarks = false;

  readonly queries = {
    findUnpublished: async (shards: number[], limit: number) =>
      this.commits.filter((commit) => commit.pending && shards.includes(this.shardOf(commit.customerId))).slice(0, limit),
    assignMissingShards: async () => 0,
    markPublished: async (ids: string[]) => {
      if (this.refuseMarks) throw new Error('the store is down');
      for (const commit of this.commits) if (ids.includes(commit._id)) commit.pending = false;
    },
  };

  append(customerId: string, version: number): void {
    this.commits.push({
      ...bareCommit(customerId, version),
      events: [{ customerId, version, type: 'CompanyProfileUpdated', schemaVersion: 2 }] as never,
      pending: true,
    });
  }

  get pending(): string[] {
    return this.commits.filter((commit) => commit.pending).map((commit) => commit._id);
  }
}

class KafkaInMemory {
  readonly sends: string[][] = [];
  readonly producer = {
    send: async (_topic: string, messages: JsonMessage[]) => {
      this.sends.push(
        messages.map(({ value }) => `${(value as { customerId: string }).customerId}:${(value as { version: number }).version}`),
      );
    },
  } as unknown as JsonProducer;

  get sent(): string[] {
    return this.sends.flat();
  }
}

/** Claims this instance always holds: `shards`, as another publisher holds the rest. */
const holding = (shards: number[]): ShardClaims => ({
  claim: async () => shards,
  renew: async () => undefined,
  release: async () => undefined,
});

function publisherOver(store: OutboxInMemory, kafka: KafkaInMemory, gatherMs = 0, shards = [0]): OutboxPublisher {
  return new OutboxPublisher(store.queries, kafka.producer, {} as PersonalDataVault, holding(shards), store.shardOf, 'events', {
    pollIntervalMs: 60_000,
    leaseRenewalMs: 1_000,
    gatherMs,
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('OutboxPublisher', () => {
  it('given commits of several customers, sends them in the order stored and marks them: the next pass has nothing to send', async () => {
    const store = new OutboxInMemory();
    const kafka = new KafkaInMemory();
    const outbox = publisherOver(store, kafka);
    store.append('a', 1);
    store.append('b', 1);
    store.append('a', 2);

    expect(await outbox.publishPending()).toBe(3);
    expect(await outbox.publishPending()).toBe(0);

    expect(kafka.sent).toEqual(['a:1', 'b:1', 'a:2']);
    expect(store.pending).toEqual([]);
  });

  it('given the store refuses the marks after a send, marks them before it publishes anything else, and sends nothing twice', async () => {
    const store = new OutboxInMemory();
    const kafka = new KafkaInMemory();
    const outbox = publisherOver(store, kafka);
    store.append('a', 1);
    store.refuseMarks = true;

    await expect(outbox.publishPending()).rejects.toThrow('the store is down');
    store.append('a', 2);
    await expect(outbox.publishPending()).rejects.toThrow('the store is down');
    expect(kafka.sent).toEqual(['a:1']);

    store.refuseMarks = false;
    expect(await outbox.publishPending()).toBe(1);
    expect(kafka.sent).toEqual(['a:1', 'a:2']);
    expect(store.pending).toEqual([]);
  });

  it('given a commit wakes it, waits its gathering time first: commits landing meanwhile go in the same send', async () => {
    const store = new OutboxInMemory();
    const kafka = new KafkaInMemory();
    const outbox = publisherOver(store, kafka, 200);
    outbox.start();
    try {
      await pause(20); // its first pass, unwoken, found nothing
      store.append('a', 1);
      outbox.wake();
      await pause(20);
      store.append('b', 1);
      outbox.wake();
      store.append('a', 2);
      outbox.wake();
      for (let waited = 0; store.pending.length > 0 && waited < 5_000; waited += 10) await pause(10);
    } finally {
      await outbox.stop();
    }

    expect(kafka.sends).toEqual([['a:1', 'b:1', 'a:2']]);
  });

  it("given it holds some shards, sends only their customers' commits, in order, and leaves the others' to their holder", async () => {
    const store = new OutboxInMemory((customerId) => (customerId === 'b' ? 1 : customerId === 'c' ? 2 : 0));
    const kafka = new KafkaInMemory();
    const outbox = publisherOver(store, kafka, 0, [0, 2]);
    for (const [customerId, version] of [
      ['a', 1],
      ['b', 1],
      ['c', 1],
      ['a', 2],
      ['b', 2],
      ['c', 2],
    ] as const)
      store.append(customerId, version);

    expect(await outbox.publishPending()).toBe(4);

    expect(kafka.sent.filter((event) => event.startsWith('a:'))).toEqual(['a:1', 'a:2']);
    expect(kafka.sent.filter((event) => event.startsWith('c:'))).toEqual(['c:1', 'c:2']);
    expect(kafka.sent.some((event) => event.startsWith('b:'))).toBe(false);
    expect(store.pending).toEqual(['command-b-1', 'command-b-2']);
  });

  it('given it holds no shard, sends nothing at all', async () => {
    const store = new OutboxInMemory();
    const kafka = new KafkaInMemory();
    store.append('a', 1);
    expect(await publisherOver(store, kafka, 0, []).publishPending()).toBe(0);
    expect(kafka.sent).toEqual([]);
  });
});
