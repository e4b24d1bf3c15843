import { Topics, topicsFor } from '@app/messaging';
import { AccountProjection } from '@app/read-model';
import { actor, bearer, eventually, newCustomerId, registerBody, TopicRecorder, httpClient, upstreamProducer } from '@app/testing';
import { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { runCli } from '../apps/account-cli/src/account-cli';
import { RunningSystem, startSystem } from './support';

type Handler = (envelope: { payload?: { companyProfile?: { companyName?: string } } }) => Promise<unknown>;

describe('Dead letters an operator can work with', () => {
  let system: RunningSystem;
  let topics: Topics;
  let producer: Producer;
  let recorder: TopicRecorder;
  /** The injected fault: the service fails on every company rename while it is on. */
  let broken = true;
  const cli = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, { out: (line) => out.push(line), err: (line) => err.push(line), status: () => undefined });
    return { code, lines: out.map((line) => JSON.parse(line)), err };
  };

  beforeAll(async () => {
    system = await startSystem();
    topics = topicsFor(system.topicPrefix);
    producer = await upstreamProducer(system.kafkaBrokers);
    recorder = await TopicRecorder.start(system.kafkaBrokers, [topics.commandResults, topics.commandsDeadLetter]);
    const server = (
      system.services[0].getMicroservices()[0] as unknown as {
        serverInstance: { getHandlerByPattern(type: string): Handler; addHandler(type: string, handler: Handler): void };
      }
    ).serverInstance;
    const update = server.getHandlerByPattern('UpdateCustomerDetails');
    server.addHandler('UpdateCustomerDetails', async (envelope) => {
      if (broken && envelope.payload?.companyProfile?.companyName) throw new TypeError('injected: the service fails on renames');
      return update(envelope);
    });
  });
  afterAll(async () => {
    await producer?.disconnect();
    await recorder?.stop();
    await system?.stop();
  });

  it('redrives a command the service failed on once its cause is fixed, in order, once, recording what became of it', async () => {
    const customerId = newCustomerId();
    expect((await httpClient(system.baseUrl)('POST', '/customers', { body: registerBody(customerId) })).status).toBe(201);
    const renames = [randomUUID(), randomUUID()];
    const unreadable = `{"commandId": "${randomUUID()}", not json`;
    await producer.send({
      topic: topics.commands,
      messages: [
        ...renames.map((commandId, index) => ({
          key: customerId,
          value: JSON.stringify({
            commandId,
            type: 'UpdateCustomerDetails',
            customerId,
            payload: { companyProfile: { companyName: `Fabrikam ${index}` } },
          }),
          headers: { authorization: bearer(actor()) },
        })),
        { key: customerId, value: unreadable, headers: { authorization: bearer(actor()) } },
      ],
    });
    for (const commandId of renames)
      expect((await recorder.waitFor(topics.commandResults, (message) => message.value.commandId === commandId)).value).toMatchObject({
        code: 800500,
      });
    await recorder.waitFor(topics.commandsDeadLetter, (message) => message.value.code !== 800500);

    const listed = await cli('dead-letters', 'list');
    expect(listed.code).toBe(0);
    expect(listed.lines.filter((letter) => renames.includes(letter.commandId)).map((letter) => letter.redriven)).toEqual([null, null]);

    broken = false; // the cause is fixed
    const redriven = await cli('dead-letters', 'redrive');
    expect(redriven.lines.map((line) => line.outcome)).toEqual([
      expect.stringMatching(/^republished command .* to partition/),
      expect.stringMatching(/^republished command .* to partition/),
      expect.stringMatching(/^not redriven: the message itself is at fault/),
    ]);
    // Redriven in order: the second rename is the name the account ends with.
    const results = await Promise.all(
      renames.map((commandId) =>
        recorder.waitFor(topics.commandResults, (message) => message.value.commandId === commandId && message.value.outcome === 'accepted'),
      ),
    );
    expect(results.map((message) => message.value.version)).toEqual([2, 3]);

    // Once: a second redrive sends nothing again, and says what became of each.
    const again = await cli('dead-letters', 'redrive');
    expect(again.lines.every((line) => line.outcome.startsWith('already redriven: '))).toBe(true);
    const shown = await cli('dead-letters', 'show', redriven.lines[0].id);
    expect(shown.lines[0]).toMatchObject({ id: redriven.lines[0].id, redrive: { outcome: redriven.lines[0].outcome } });
  });

  it('redrives an event the projector set aside once its cause is fixed: the customer is projected anew from the store', async () => {
    const projection = system.projector!.get(AccountProjection);
    const project = projection.project.bind(projection);
    const customerId = newCustomerId();
    let projectionBroken = true;
    projection.project = async (events) => {
      if (projectionBroken && events.some((event) => event.customerId === customerId))
        throw new TypeError('injected: the projection fails');
      return project(events);
    };
    const setAside = await TopicRecorder.start(system.kafkaBrokers, [topics.eventsDeadLetter]);
    try {
      expect((await httpClient(system.baseUrl)('POST', '/customers', { body: registerBody(customerId) })).status).toBe(201);
      await setAside.waitFor(topics.eventsDeadLetter, (message) => message.value.event?.customerId === customerId);
      const accounts = system.db.collection('customer_accounts');
      expect(await accounts.findOne({ _id: customerId as never })).toBeNull();

      const letter = (await cli('dead-letters', 'list')).lines.find((line) => line.kind === 'event' && line.customerId === customerId);
      expect(letter).toMatchObject({ redriven: null });
      projectionBroken = false; // the cause is fixed
      const redriven = await cli('dead-letters', 'redrive');
      expect(redriven.lines.find((line) => line.id === letter.id)).toMatchObject({
        outcome: `projected customer ${customerId} from the store to version 1`,
      });
      await eventually(async () => expect(await accounts.findOne({ _id: customerId as never })).toMatchObject({ version: 1 }));

      const again = await cli('dead-letters', 'redrive');
      expect(again.lines.find((line) => line.id === letter.id)?.outcome).toMatch(/^already redriven: projected customer/);
    } finally {
      projection.project = project;
      await setAside.stop();
    }
  });
});
