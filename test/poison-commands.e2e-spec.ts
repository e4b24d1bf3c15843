import { Topics, topicsFor } from '@app/messaging';
import { actor, bearer, billingProfile, companyProfile, eventually, newCustomerId, TopicRecorder, upstreamProducer } from '@app/testing';
import { RunningSystem, startSystem } from './support';
import fc from 'fast-check';
import { KafkaJSNonRetriableError, Producer } from 'kafkajs';
import { createHash, randomUUID } from 'node:crypto';
import { payloadFor, FUZZ_SEED } from '../apps/account-service/test/hostile-payloads';
import { UpdateCustomerDetailsRequestDto } from '../apps/account-service/src/commands/update-customer-details/update-customer-details.request.dto';

type Message = { key: string | null; value: string | Buffer | null; headers?: Record<string, string> };
type Handler = (envelope: { payload?: { companyProfile?: { companyName?: string } } }) => Promise<unknown>;

/** The in-process service's commands transport, to wrap one handler: the only way to make a decision throw on purpose. */
function commandTopicOf(system: RunningSystem) {
  return (
    system.services[0].getMicroservices()[0] as unknown as {
      serverInstance: { getHandlerByPattern(type: string): Handler; addHandler(type: string, handler: Handler): void };
    }
  ).serverInstance;
}

// Hundreds of valid commands over every partition with generated poison among them, on the
// real Kafka and FerretDB: every valid command is answered once, every poison one is
// rejected or dead-lettered, and the intake answers afterwards.
describe(`poison among valid commands (seed ${FUZZ_SEED})`, () => {
  let system: RunningSystem;
  let topics: Topics;
  let producer: Producer;
  let recorder: TopicRecorder;

  beforeAll(async () => {
    system = await startSystem();
    topics = topicsFor(system.topicPrefix);
    producer = await upstreamProducer(system.kafkaBrokers);
    recorder = await TopicRecorder.start(system.kafkaBrokers, [topics.commandResults, topics.commandsDeadLetter]);
    // A decision that throws what no rule foresaw, for one company name; and, once, a fatal kafkajs error.
    const server = commandTopicOf(system);
    const update = server.getHandlerByPattern('UpdateCustomerDetails');
    let fatalThrown = false;
    server.addHandler('UpdateCustomerDetails', async (envelope) => {
      const name = envelope.payload?.companyProfile?.companyName;
      if (name === 'explode') throw new TypeError('injected: a decision that throws');
      if (name === 'crash the consumer' && !fatalThrown) {
        fatalThrown = true;
        throw new KafkaJSNonRetriableError('injected: a fatal kafkajs error');
      }
      return update(envelope);
    });
  });
  afterAll(async () => {
    await producer?.disconnect();
    await recorder?.stop();
    await system?.stop();
  });

  const token = bearer(actor());
  const command = (customerId: string, type: string, payload: unknown) => ({ commandId: randomUUID(), type, customerId, payload });
  const message = (key: string | null, value: unknown, headers: Record<string, string> = { authorization: token }): Message => ({
    key,
    value: typeof value === 'string' ? value : JSON.stringify(value),
    headers,
  });
  const resultsOf = (commandId: string) => recorder.on(topics.commandResults).filter((m) => m.value.commandId === commandId);

  it('answers every valid command once, rejects or sets aside every poison one, and goes on answering', async () => {
    const customers = Array.from({ length: 30 }, () => newCustomerId());
    const registrations = customers.map((customerId) =>
      command(customerId, 'RegisterCustomer', { companyProfile: companyProfile(), billingProfile: billingProfile() }),
    );
    await producer.send({
      topic: topics.commands,
      messages: registrations.map((registration) => message(registration.customerId, registration)),
    });
    for (const registration of registrations)
      await recorder.waitFor(topics.commandResults, (m) => m.value.commandId === registration.commandId);

    const hostile = fc.sample(
      payloadFor(UpdateCustomerDetailsRequestDto, {
        companyProfile: { companyName: 'Contoso Ltd' },
        billingProfile: { email: 'billing@contoso.com' },
      }),
      { seed: FUZZ_SEED, numRuns: 60 },
    );
    const valid: { customerId: string; commandId: string }[] = [];
    const answered: string[] = []; // poison with a command id: exactly one result each
    const setAside: string[] = []; // poison that cannot be answered: a dead letter each, by its value's hash
    const unauthenticated: string[] = []; // no result, whatever id it names: a dead letter each
    const failed: string[] = []; // answered 500 and dead-lettered
    const messages: Message[] = [];
    for (let round = 0; round < 10; round++) {
      for (const [index, customerId] of customers.entries()) {
        const update = command(customerId, 'UpdateCustomerDetails', { companyProfile: { companyName: `Contoso ${round}` } });
        valid.push({ customerId, commandId: update.commandId });
        messages.push(message(customerId, update));
        const kind = (round * customers.length + index) % 10;
        const other = customers[(index + 1) % customers.length];
        if (kind === 0) {
          const poison = command(customerId, 'UpdateCustomerDetails', hostile[(round * 3 + index) % hostile.length]);
          answered.push(poison.commandId);
          messages.push(message(customerId, poison));
        } else if (kind === 1) {
          const poison = command(customerId, 'UpdateCustomerDetails', { billingProfile: { defaultAddress: null } });
          answered.push(poison.commandId);
          messages.push(message(customerId, poison));
        } else if (kind === 2) {
          const unkeyed = command(customerId, 'UpdateCustomerDetails', { companyProfile: { companyName: 'Unkeyed' } });
          const crossKeyed = command(customerId, 'UpdateCustomerDetails', { companyProfile: { companyName: 'Cross-keyed' } });
          answered.push(unkeyed.commandId, crossKeyed.commandId);
          messages.push(message(null, unkeyed), message(other, crossKeyed));
        } else if (kind === 3) {
          const text = `{"commandId": "${randomUUID()}", not json`;
          setAside.push(sha256(text));
          messages.push(message(customerId, text));
        } else if (kind === 4) {
          const exploding = command(customerId, 'UpdateCustomerDetails', { companyProfile: { companyName: 'explode' } });
          failed.push(exploding.commandId);
          messages.push(message(customerId, exploding));
        } else if (kind === 5) {
          const anonymous = command(customerId, 'UpdateCustomerDetails', { companyProfile: { companyName: 'Nobody' } });
          unauthenticated.push(anonymous.commandId);
          messages.push(message(customerId, anonymous, {}));
        }
      }
    }
    // One send per customer would keep order the same; one send for all is the harder case.
    await producer.send({ topic: topics.commands, messages });

    // By the command id it named, or by the hash of a value too large or too broken to read.
    const sentHashes = new Map(messages.map((sent) => [readableId(sent.value), sha256(String(sent.value))]));
    const deadLettersOf = (idOrHash: string) =>
      recorder
        .on(topics.commandsDeadLetter)
        .filter(
          (m) =>
            m.value.commandId === idOrHash ||
            m.value.valueSha256 === idOrHash ||
            (sentHashes.get(idOrHash) !== undefined && m.value.valueSha256 === sentHashes.get(idOrHash)),
        );
    // A poison command too large to read is set aside instead of answered: either way, once.
    const settledOnce = (commandId: string) => resultsOf(commandId).length + deadLettersOf(commandId).length === 1;
    await eventually(
      () => {
        const waiting = [...valid.map(({ commandId }) => commandId), ...failed].filter((commandId) => resultsOf(commandId).length === 0);
        waiting.push(
          ...answered.filter((commandId) => !settledOnce(commandId)),
          ...[...setAside, ...unauthenticated].filter((idOrHash) => deadLettersOf(idOrHash).length === 0),
        );
        if (waiting.length > 0) throw new Error(`${waiting.length} not answered yet, e.g. ${waiting[0]}`);
      },
      { timeoutMs: 45_000 },
    );
    for (const { commandId } of valid) expect(resultsOf(commandId).map((m) => m.value.outcome)).toEqual(['accepted']);
    for (const commandId of answered) expect({ commandId, once: settledOnce(commandId) }).toEqual({ commandId, once: true });
    for (const commandId of failed) expect(resultsOf(commandId).map((m) => [m.value.status, m.value.code])).toEqual([[500, 800500]]);
    for (const commandId of failed) expect(deadLettersOf(commandId)).toHaveLength(1);
    for (const hash of setAside) expect(deadLettersOf(hash)).toHaveLength(1);
    for (const commandId of unauthenticated)
      expect({ commandId, results: resultsOf(commandId).length, deadLetters: deadLettersOf(commandId).map((m) => m.value.code) }).toEqual({
        commandId,
        results: 0,
        deadLetters: [800001],
      });

    // Each customer's valid updates committed once each, in the order they were sent.
    const commits = await system.db
      .collection('event_commits')
      .find({ customerId: { $in: customers } })
      .sort({ firstVersion: 1 })
      .toArray();
    const validIds = new Set(valid.map(({ commandId }) => commandId));
    for (const customerId of customers) {
      const committed = commits
        .filter((commit) => commit.customerId === customerId && validIds.has(String(commit._id)))
        .map((commit) => String(commit._id));
      expect(committed).toEqual(valid.filter((update) => update.customerId === customerId).map(({ commandId }) => commandId));
    }
    const after = command(customers[0], 'GrantPurchasePermission', { resource: 'AzureSavingsPlan' });
    await producer.send({ topic: topics.commands, messages: [message(customers[0], after)] });
    expect((await recorder.waitFor(topics.commandResults, (m) => m.value.commandId === after.commandId)).value).toMatchObject({
      outcome: 'accepted',
    });
  }, 120_000);

  it('refuses a command keyed by nothing or by another customer, naming the key', async () => {
    const customerId = newCustomerId();
    const unkeyed = command(customerId, 'RegisterCustomer', { companyProfile: companyProfile(), billingProfile: billingProfile() });
    const crossKeyed = command(customerId, 'RegisterCustomer', { companyProfile: companyProfile(), billingProfile: billingProfile() });
    await producer.send({ topic: topics.commands, messages: [message(null, unkeyed), message(newCustomerId(), crossKeyed)] });
    expect((await recorder.waitFor(topics.commandResults, (m) => m.value.commandId === unkeyed.commandId)).value).toMatchObject({
      outcome: 'rejected',
      status: 400,
      detail: expect.stringContaining('no key'),
    });
    expect((await recorder.waitFor(topics.commandResults, (m) => m.value.commandId === crossKeyed.commandId)).value).toMatchObject({
      outcome: 'rejected',
      status: 400,
      detail: expect.stringContaining('not by its customerId'),
    });
    expect(await system.db.collection('event_commits').countDocuments({ customerId })).toBe(0);
  });

  it('restarts a consumer that kafkajs stopped for good, counts it, and answers the command after', async () => {
    const customerId = newCustomerId();
    const registration = command(customerId, 'RegisterCustomer', { companyProfile: companyProfile(), billingProfile: billingProfile() });
    await producer.send({ topic: topics.commands, messages: [message(customerId, registration)] });
    await recorder.waitFor(topics.commandResults, (m) => m.value.commandId === registration.commandId);
    const crashing = command(customerId, 'UpdateCustomerDetails', { companyProfile: { companyName: 'crash the consumer' } });
    await producer.send({ topic: topics.commands, messages: [message(customerId, crashing)] });
    const result = await recorder.waitFor(topics.commandResults, (m) => m.value.commandId === crashing.commandId, 60_000);
    expect(result.value).toMatchObject({ outcome: 'accepted' });
    const metrics = await (await fetch(`${system.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/customer_account_consumer_crashes_total\{consumer="commands"\} [1-9]/);
    expect(metrics).toMatch(/customer_account_consumer_up\{consumer="commands"\} 1/);
    const ready = await fetch(`${system.baseUrl}/health/ready`);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { commandsConsumer: { up: true } } });
  });
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The command id a sent value names, when it is JSON that names one. */
function readableId(value: Message['value']): string | undefined {
  try {
    const parsed = JSON.parse(String(value));
    return typeof parsed?.commandId === 'string' ? parsed.commandId : undefined;
  } catch {
    return undefined;
  }
}
