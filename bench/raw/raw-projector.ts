import { AnyBulkWriteOperation, Collection, Db, Document } from 'mongodb';
import { Consumer, Kafka } from 'kafkajs';

/**
 * The projector's hops done raw: kafkajs consuming the events topic in batches, one read of
 * each batch's accounts, the events folded onto them (the last version and the fields it set),
 * one bulk replace of them, then the offsets committed. What it leaves out: parsing and
 * upcasting by schema, the gap check against the event store, opening personal data, dead
 * letters, metrics and traces.
 */
export class RawProjector {
  private readonly accounts: Collection<Document>;
  private consumer?: Consumer;
  /** Events applied, for a caller that times a backlog. */
  applied = 0;

  constructor(
    db: Db,
    private readonly kafka: Kafka,
    private readonly topic: string,
    readonly groupId: string,
    collection = 'customer_accounts',
  ) {
    this.accounts = db.collection(collection);
  }

  async start(): Promise<void> {
    this.consumer = this.kafka.consumer({ groupId: this.groupId, maxWaitTimeInMs: 100 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      partitionsConsumedConcurrently: 3,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary }) => {
        const events = batch.messages.map((message) => JSON.parse(message.value!.toString()) as Document);
        const ids = [...new Set(events.map((event) => event.customerId as string))];
        const found = await this.accounts.find({ _id: { $in: ids } } as Document).toArray();
        const byId = new Map<string, Document>(found.map((account) => [account._id as unknown as string, account]));
        for (const event of events) {
          const account = byId.get(event.customerId) ?? { _id: event.customerId, version: 0 };
          if (event.version <= account.version) continue;
          byId.set(event.customerId, { ...account, ...(event.data as Document), version: event.version, updatedAt: event.occurredAt });
        }
        const replacements: AnyBulkWriteOperation<Document>[] = ids.map((id) => ({
          replaceOne: { filter: { _id: id } as Document, replacement: byId.get(id)!, upsert: true },
        }));
        await this.accounts.bulkWrite(replacements, { ordered: false });
        this.applied += events.length;
        resolveOffset(batch.lastOffset());
        await commitOffsetsIfNecessary();
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
