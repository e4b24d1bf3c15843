import { CustomerAccountCommand, CustomerAccountEvent, DecidedOn, decide, fold, recordEvents, RecordedEvent } from '@app/domain';
import { EventCommit, EventStore } from '@app/event-store';
import { projectorGroupId, topicsFor, Topics } from '@app/messaging';
import { ProjectionProgress } from '@app/read-model';
import { actor, billingProfile, companyProfile, eventStoreFor, eventually, newCustomerId, TopicRecorder } from '@app/testing';
import { RunningSystem, startSystem } from './support';
import { Kafka, logLevel, Partitioners, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';

// The projector alone, fed by hand: events are written to the event store directly and
// published to the events topic twice, out of order, or poisoned, as faults would.
describe('Projector delivery faults', () => {
  let system: RunningSystem;
  let topics: Topics;
  let store: EventStore;
  let producer: Producer;
  let recorder: TopicRecorder;

  beforeAll(async () => {
    system = await startSystem({ commandSideInstances: 0 });
    topics = topicsFor(system.topicPrefix);
    store = eventStoreFor(system.db);
    producer = new Kafka({ brokers: system.kafkaBrokers, clientId: 'fault-injector', logLevel: logLevel.NOTHING }).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    recorder = await TopicRecorder.start(system.kafkaBrokers, [topics.eventsDeadLetter]);
  });
  afterAll(async () => {
    await producer?.disconnect();
    await recorder?.stop();
    await system?.stop();
  });

  const metadata = () => ({
    commandId: randomUUID(),
    correlationId: 'faults',
    actor: actor() as never,
    receivedAt: new Date().toISOString(),
  });

  /** Decides commands one after another and stores each commit, as the service would, but leaves publishing to the test. */
  async function storeStream(customerId: string, commands: Array<Omit<CustomerAccountCommand, 'metadata'>>): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for (const partial of commands) {
      const command = { ...partial, metadata: metadata() } as CustomerAccountCommand;
      const state = fold(events);
      events.push(...(await storeEvents(customerId, command, decide(command, state), state)));
    }
    return events;
  }

  async function storeEvents(customerId: string, command: CustomerAccountCommand, decided: CustomerAccountEvent[], decidedOn: DecidedOn) {
    const recorded = recordEvents(decided, command, actor().partnerId, decidedOn, randomUUID);
    const commit: EventCommit = {
      _id: command.metadata.commandId,
      commandType: command.type,
      customerId,
      partnerId: actor().partnerId,
      firstVersion: recorded[0].version,
      lastVersion: recorded[recorded.length - 1].version,
      events: recorded,
      committedAt: new Date(),
    };
    await store.append(commit);
    return recorded;
  }

  const publish = (...values: Array<RecordedEvent | string>) =>
    producer.send({
      topic: topics.events,
      messages: values.map((value) => ({
        key: typeof value === 'string' ? null : value.customerId,
        value: typeof value === 'string' ? value : JSON.stringify(value),
      })),
    });

  const threeEvents = (customerId: string) =>
    storeStream(customerId, [
      { type: 'RegisterCustomer', data: { customerId, companyProfile: companyProfile(), billingProfile: billingProfile() } },
      { type: 'UpdateCustomerDetails', data: { customerId, billingProfile: { merge: { firstName: 'Sam' } } } },
      { type: 'GrantPurchasePermission', data: { customerId, resource: 'AzureSavingsPlan', action: 'Purchase' } },
    ] as never);

  async function readModelEqualsFold(customerId: string, events: RecordedEvent[]) {
    const { status, ...expected } = fold(events) as { status: string };
    await eventually(async () => {
      const document = await system.db.collection('customer_accounts').findOne({ _id: customerId as never });
      expect(document).toMatchObject({ ...expected, lastEventId: events[events.length - 1].eventId });
    });
  }

  it('applies an event delivered twice once', async () => {
    const customerId = newCustomerId();
    const [v1, v2, v3] = await threeEvents(customerId);
    await publish(v1, v2, v2, v1, v3, v3);
    await readModelEqualsFold(customerId, [v1, v2, v3]);
  });

  it('heals an event that arrives before its predecessor from the event store', async () => {
    const customerId = newCustomerId();
    const [v1, v2, v3] = await threeEvents(customerId);
    await publish(v1, v3);
    await readModelEqualsFold(customerId, [v1, v2, v3]);
    await publish(v2); // the late one, when it finally comes, changes nothing
    await new Promise((resolve) => setTimeout(resolve, 500));
    await readModelEqualsFold(customerId, [v1, v2, v3]);
  });

  it('dead-letters an unreadable message in the middle of a stream and goes on', async () => {
    const customerId = newCustomerId();
    const [v1, v2, v3] = await threeEvents(customerId);
    const garbage = `{"customerId":"${customerId}", "version": "two"`;
    await publish(v1, garbage, v2, v3);
    await readModelEqualsFold(customerId, [v1, v2, v3]);
    const letter = await recorder.waitFor(topics.eventsDeadLetter, (m) => m.value.valueBase64 === Buffer.from(garbage).toString('base64'));
    expect(letter.value.reason).toMatch(/^The message is not JSON/);
  });

  it('dead-letters a stored event it cannot apply once, keeps the account at the last good version, and serves other customers', async () => {
    const poisoned = newCustomerId();
    const [v1] = await storeStream(poisoned, [
      { type: 'RegisterCustomer', data: { customerId: poisoned, companyProfile: companyProfile(), billingProfile: billingProfile() } },
    ] as never);
    // An event type this projector does not know, as a newer writer might store.
    const cause = { type: 'UpdateCustomerDetails', data: { customerId: poisoned }, metadata: metadata() } as CustomerAccountCommand;
    const [v2] = await storeEvents(poisoned, cause, [{ type: 'CustomerMerged', data: {} } as never], { version: 1 });
    const grant = {
      type: 'GrantPurchasePermission',
      data: { customerId: poisoned, resource: 'AzureSavingsPlan', action: 'Purchase' },
      metadata: metadata(),
    } as CustomerAccountCommand;
    const [v3] = await storeEvents(
      poisoned,
      grant,
      [{ type: 'PurchasePermissionGranted', data: { resource: 'AzureSavingsPlan', action: 'Purchase' } }],
      { version: 2 },
    );
    const healthy = newCustomerId();
    const healthyEvents = await threeEvents(healthy);

    await publish(v1, v2, healthyEvents[0], v3, healthyEvents[1], healthyEvents[2]);
    await readModelEqualsFold(healthy, healthyEvents);
    await readModelEqualsFold(poisoned, [v1]);
    const letter = await recorder.waitFor(topics.eventsDeadLetter, (m) => m.value.event?.eventId === v2.eventId);
    expect(letter.value.reason).toBe('Unknown event CustomerMerged');
    await publish(v3); // meets the poison again on healing, but it is not dead-lettered twice
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(recorder.on(topics.eventsDeadLetter).filter((m) => m.value.event?.eventId === v2.eventId)).toHaveLength(1);
  });

  // Last: it stops the projector. Its offsets and progress marks are written in the background.
  it('has committed the offset of every event it applied, and recorded its progress, once it has left', async () => {
    const customers = [newCustomerId(), newCustomerId(), newCustomerId()];
    const streams = await Promise.all(customers.map(threeEvents));
    await publish(...streams.flat());
    await Promise.all(customers.map((customerId, i) => readModelEqualsFold(customerId, streams[i])));
    await system.projector!.close(); // what SIGTERM does
    system.projector = undefined;
    const admin = new Kafka({ brokers: system.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const [committed] = await admin.fetchOffsets({ groupId: projectorGroupId(system.topicPrefix), topics: [topics.events] });
      const ends = (await admin.fetchTopicOffsets(topics.events)).map(({ partition, high }) => ({ partition, offset: high }));
      const byPartition = (offsets: Array<{ partition: number; offset: string }>) =>
        offsets
          .map(({ partition, offset }) => ({ partition, offset: offset === '-1' ? '0' : offset }))
          .sort((a, b) => a.partition - b.partition);
      expect(byPartition(committed.partitions)).toEqual(byPartition(ends));
      const progress = await new ProjectionProgress(system.db).forTopic(topics.events);
      expect(byPartition(progress.map(({ partition, committedOffset }) => ({ partition, offset: committedOffset })))).toEqual(
        byPartition(ends.filter(({ offset }) => offset !== '0')),
      );
    } finally {
      await admin.disconnect();
    }
  });
});
