import { EventCommit, EventStore, Lease } from '@app/event-store';
import { JsonMessage, JsonProducer } from '@app/messaging';
import { PersonalDataVault } from '@app/personal-data';
import { bareCommit } from '../../../../libs/testing/src/bare-commit';
import { OutboxPublisher } from './outbox-publisher';

/** The outbox's side of the event store in memory; it can refuse marks, as a failing store would. */
class OutboxInMemory {
  readonly commits: Array<EventCommit & { pending: boolean }> = [];
  refuseMarks = false;

  readonly eventStore = {
    findUnpublished: async (limit: number) => this.commits.filter((commit) => commit.pending).slice(0, limit),
    markPublished: async (ids: string[]) => {
      if (this.refuseMarks) throw new Error('the store is down');
      for (const commit of this.commits) if (ids.includes(commit._id)) commit.pending = false;
    },
  } as unknown as EventStore;

  append(customerId: string, version: number): void {
    this.commits.push({ ...bareCommit(customerId, version), events: [{ customerId, version, type: 'CompanyProfileUpdated', schemaVersion: 2 }] as never, pending: true });
  }

  get pending(): string[] {
    return this.commits.filter((commit) => commit.pending).map((commit) => commit._id);
  }
}

class KafkaInMemory {
  readonly sent: string[] = [];
  readonly producer = {
    send: async (_topic: string, messages: JsonMessage[]) => {
      for (const { value } of messages) this.sent.push(`${(value as { customerId: string }).customerId}:${(value as { version: number }).version}`);
    },
  } as unknown as JsonProducer;
}

function publisherOver(store: OutboxInMemory, kafka: KafkaInMemory): OutboxPublisher {
  return new OutboxPublisher(store.eventStore, kafka.producer, {} as PersonalDataVault, {} as Lease, 'events', 250, 1_000);
}

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
});
