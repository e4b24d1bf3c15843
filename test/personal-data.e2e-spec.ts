import { commandIntakeGroupId, topicsFor } from '@app/messaging';
import {
  actor,
  bearer,
  billingProfile,
  eventually,
  httpClient,
  identityHeaders,
  newCustomerId,
  operator,
  readWholeTopic,
  registerBody,
  upstreamProducer,
} from '@app/testing';
import { RunningSystem, startSystem } from './support';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';

// Personal data is sealed with the customer's own key; a forget destroys the key, scrubs the
// read model and trims processed commands, after which no plaintext is left anywhere the
// service writes (MongoDB, Kafka, its logs), while history, replay and verification still work.
describe('forgetting a customer’s personal data, end to end', () => {
  let system: RunningSystem;
  const logged: string[] = [];
  let logFile: string | undefined;
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };

  beforeAll(async () => {
    // Everything the apps print, at every level, is searched for personal data too: to stdout
    // here, where it is captured, rather than to the test file's log.
    process.env.LOG_LEVEL = 'debug';
    logFile = process.env.LOG_FILE;
    delete process.env.LOG_FILE;
    for (const stream of ['stdout', 'stderr'] as const) {
      process[stream].write = ((chunk: unknown, ...rest: unknown[]) => {
        logged.push(String(chunk));
        // The apps' lines (stdout) go to the test's log file, out of the test output like every other suite's.
        if (stream === 'stderr' || !logFile) return writes[stream].call(process[stream], chunk as string, ...(rest as []));
        appendFileSync(logFile, String(chunk));
        (rest.find((argument) => typeof argument === 'function') as (() => void) | undefined)?.();
        return true;
      }) as typeof process.stdout.write;
    }
    system = await startSystem();
  });
  afterAll(async () => {
    await system?.stop();
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
    process.env.LOG_LEVEL = 'warn';
    process.env.LOG_FILE = logFile;
  });

  const marker = randomUUID().slice(0, 8);
  const personal = {
    firstName: `Zelda${marker}`,
    lastName: `Quist${marker}`,
    email: `zelda.${marker}@example.com`,
    addressLine1: `${marker} Hidden Lane`,
    newEmail: `z.${marker}@fabrikam.example`,
    phone: `+1 425 555 ${marker.replace(/\D/g, '').padEnd(4, '7').slice(0, 4)}`,
  };
  const plaintexts = [personal.firstName, personal.lastName, personal.email, personal.addressLine1, personal.newEmail, personal.phone];
  const found = (texts: string[]) => texts.filter((text) => plaintexts.some((secret) => text.includes(secret)));

  async function everyMessage(topicNames: string[]): Promise<string[]> {
    const texts: string[] = [];
    for (const topic of topicNames)
      for (const { key, value } of await readWholeTopic(system.kafkaBrokers, topic)) texts.push(`${topic}: ${key} ${value}`);
    return texts;
  }

  async function everyStoredDocument(): Promise<string[]> {
    const texts: string[] = [];
    for (const db of [system.db, system.keysDb]) {
      for (const { name } of await db.listCollections().toArray()) {
        for (const document of await db.collection(name).find({}).toArray())
          texts.push(`${db.databaseName}.${name}: ${JSON.stringify(document)}`);
      }
    }
    return texts;
  }

  it('erases the personal fields everywhere and keeps the account, its history, replay and verification working', async () => {
    const request = httpClient(system.baseUrl);
    const topics = topicsFor(system.topicPrefix);
    const customerId = newCustomerId();
    const body = registerBody(customerId);
    body.billingProfile = billingProfile({ firstName: personal.firstName, lastName: personal.lastName, email: personal.email });
    body.billingProfile.defaultAddress = {
      ...body.billingProfile.defaultAddress,
      addressLine1: personal.addressLine1,
      firstName: personal.firstName,
      lastName: personal.lastName,
    };
    expect((await request('POST', '/customers', { body })).status).toBe(201);

    // A second change arrives over Kafka, so the commands topic holds personal data too.
    const kafka = new Kafka({ brokers: system.kafkaBrokers, clientId: 'upstream', logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const update = {
      commandId: randomUUID(),
      type: 'UpdateCustomerDetails',
      customerId,
      payload: { billingProfile: { email: personal.newEmail, defaultAddress: { phoneNumber: personal.phone } } },
    };
    await producer.send({
      topic: topics.commands,
      messages: [{ key: customerId, value: JSON.stringify(update), headers: { authorization: bearer(actor()) } }],
    });
    await producer.disconnect();
    const account = await eventually(async () => {
      const response = await request('GET', `/customers/${customerId}`);
      if (response.body?.version !== 2) throw new Error(`read model at ${response.body?.version}`);
      return response.body;
    });
    expect(account.billingProfile).toMatchObject({ email: personal.newEmail, defaultAddress: { phoneNumber: personal.phone } });
    // Sealed from the start: the event log never held the plaintext, even before the forget.
    expect(
      found((await system.db.collection('event_commits').find({ customerId }).toArray()).map((commit) => JSON.stringify(commit))),
    ).toEqual([]);
    // The forget trims what the command side has committed; wait for the update's offset.
    await eventually(async () => {
      const admin = kafka.admin();
      await admin.connect();
      const [offsets] = await admin
        .fetchOffsets({ groupId: commandIntakeGroupId(system.topicPrefix), topics: [topics.commands] })
        .finally(() => admin.disconnect());
      if (!offsets.partitions.some(({ offset }) => BigInt(offset) > 0n)) throw new Error('update not committed yet');
    });

    // The searches below can find what they look for: before the forget, the read model and the commands topic hold it.
    expect(found(await everyStoredDocument()).length).toBeGreaterThan(0);
    expect(found(await everyMessage([topics.commands])).length).toBeGreaterThan(0);

    const helpdesk = identityHeaders(actor({ roles: ['HelpdeskAgent'] }));
    expect((await request('DELETE', `/customers/${customerId}/personal-data`, { anonymous: true, headers: helpdesk })).body).toMatchObject({
      status: 403,
      code: 900150,
    });
    const forget = await request('DELETE', `/customers/${customerId}/personal-data`);
    expect(forget.status).toBe(200);
    expect(forget.body).toMatchObject({ outcome: 'accepted', version: 3, events: [{ type: 'CustomerPersonalDataForgotten', version: 3 }] });
    expect((await request('DELETE', `/customers/${customerId}/personal-data`)).body).toMatchObject({
      outcome: 'accepted',
      version: 3,
      events: [],
    });

    const scrubbed = await eventually(async () => {
      const response = await request('GET', `/customers/${customerId}`);
      if (response.body?.version !== 3) throw new Error(`read model at ${response.body?.version}`);
      return response.body;
    });
    expect(scrubbed.billingProfile).toEqual({
      culture: 'en-US',
      language: 'en',
      companyName: 'Contoso',
      defaultAddress: { country: 'US', state: 'WA' },
    });
    expect(scrubbed.erasedFields).toContain('billingProfile.email');

    // Nowhere in MongoDB, nowhere on Kafka, nowhere in the logs.
    expect(found(await everyStoredDocument())).toEqual([]);
    // The trim runs once the intake has committed past the forget: a moment after the answer.
    await eventually(async () =>
      expect(
        found(
          await everyMessage([topics.commands, topics.commandResults, topics.events, topics.commandsDeadLetter, topics.eventsDeadLetter]),
        ),
      ).toEqual([]),
    );

    // The auditor still sees every change, with the personal values erased.
    const auditor = identityHeaders(actor({ roles: ['Auditor'] }));
    const history = await request('GET', `/audit/customers/${customerId}/history`, { anonymous: true, headers: auditor });
    expect(history.body.entries.map((entry: { type: string; outcome: string }) => `${entry.outcome} ${entry.type}`)).toEqual([
      'accepted CustomerRegistered',
      'accepted BillingProfileUpdated',
      'accepted CustomerPersonalDataForgotten',
    ]);
    expect(history.body.entries[1].changes).toEqual([
      { field: 'billingProfile.defaultAddress.phoneNumber', erased: true },
      { field: 'billingProfile.email', erased: true },
    ]);
    expect(history.body.entries[0].changes).toContainEqual({ field: 'billingProfile.companyName', newValue: 'Contoso' });
    expect(history.body.entries[0].changes).toContainEqual({ field: 'billingProfile.firstName', erased: true });
    const before = await request('GET', `/audit/customers/${customerId}/state?version=2`, { anonymous: true, headers: auditor });
    expect(before.body).toMatchObject({ asOf: { version: 2 }, account: { billingProfile: { culture: 'en-US' } } });
    expect(before.body.account.billingProfile).not.toHaveProperty('email');

    expect((await request('GET', '/audit/verification', { anonymous: true, headers: auditor })).body).toMatchObject({
      ok: true,
      chainBreaks: [],
      readModelDifferences: [],
    });
    expect((await request('POST', '/audit/replays', { anonymous: true, headers: identityHeaders(operator()) })).status).toBe(202);
    const replay = await eventually(
      async () => {
        const status = (await request('GET', '/audit/replays/current', { anonymous: true, headers: identityHeaders(operator()) })).body;
        if (status.state === 'running') throw new Error('replay still running');
        return status;
      },
      { timeoutMs: 60_000 },
    );
    expect(replay).toMatchObject({ state: 'finished', report: { customers: 1, events: 3 } });
    expect((await request('GET', `/customers/${customerId}`)).body).toEqual(scrubbed);
    expect((await request('GET', '/audit/verification', { anonymous: true, headers: auditor })).body).toMatchObject({ ok: true });
    expect(found(await everyStoredDocument())).toEqual([]);
    // The search sees the apps' lines (at debug, every command logs one).
    expect(logged.some((line) => line.includes('"logger":"Commands"'))).toBe(true);
    expect(found(logged)).toEqual([]);

    // New personal data after a forget is sealed under a new key, and readable.
    const patched = await request('PATCH', `/customers/${customerId}/billing-profile`, {
      headers: { 'If-Match': '"3"' },
      body: {
        firstName: 'Ana',
        lastName: 'Lima',
        email: 'ana@contoso.com',
        defaultAddress: { addressLine1: '2 Main St', city: 'Redmond', postalCode: '98052', firstName: 'Ana', lastName: 'Lima' },
      },
    });
    expect(patched.status).toBe(200);
    await eventually(async () => {
      const response = await request('GET', `/customers/${customerId}`);
      expect(response.body).toMatchObject({ version: 4, billingProfile: { email: 'ana@contoso.com' } });
      expect(response.body.erasedFields).toEqual(['billingProfile.defaultAddress.phoneNumber']);
    });
  });

  it('leaves no personal value in the dead letters, nor in an update sent over Kafka just before the forget', async () => {
    const request = httpClient(system.baseUrl);
    const topics = topicsFor(system.topicPrefix);
    const mark = randomUUID().slice(0, 8);
    const secrets = {
      email: `quinn.${mark}@example.com`,
      phone: `+1 206 555 ${mark.replace(/\D/g, '').padEnd(4, '3').slice(0, 4)}`,
      broken: `broken.${mark}@example.com`,
      anonymous: `anon.${mark}@example.com`,
    };
    const foundHere = (texts: string[]) => texts.filter((text) => Object.values(secrets).some((secret) => text.includes(secret)));
    const customerId = newCustomerId();
    expect((await request('POST', '/customers', { body: registerBody(customerId) })).status).toBe(201);

    // One send, so one chunk of the intake: an update, then the forget right behind it, and two
    // messages that go to the dead letters, each carrying personal data.
    const producer = await upstreamProducer(system.kafkaBrokers);
    const authorization = bearer(actor());
    const update = {
      commandId: randomUUID(),
      type: 'UpdateCustomerDetails',
      customerId,
      payload: { billingProfile: { email: secrets.email, defaultAddress: { phoneNumber: secrets.phone } } },
    };
    const anonymous = {
      commandId: randomUUID(),
      type: 'UpdateCustomerDetails',
      customerId,
      payload: { billingProfile: { email: secrets.anonymous } },
    };
    const forget = { commandId: randomUUID(), type: 'ForgetCustomerPersonalData', customerId };
    await producer.send({
      topic: topics.commands,
      messages: [
        { key: customerId, value: `{"payload": {"email": "${secrets.broken}"}, oops`, headers: { authorization } },
        { key: customerId, value: JSON.stringify(anonymous) },
        { key: customerId, value: JSON.stringify(update), headers: { authorization } },
        { key: customerId, value: JSON.stringify(forget), headers: { authorization } },
      ],
    });
    await producer.disconnect();
    await eventually(async () =>
      expect((await request('GET', `/customers/${customerId}`)).body).toMatchObject({
        version: 3,
        erasedFields: expect.arrayContaining(['billingProfile.email']),
      }),
    );

    // The search can find what it looks for: the dead letters are there, and name what they set aside.
    await eventually(async () =>
      expect((await readWholeTopic(system.kafkaBrokers, topics.commandsDeadLetter)).filter(({ key }) => key === customerId)).toHaveLength(
        2,
      ),
    );
    await eventually(
      async () =>
        expect(
          foundHere(
            await everyMessage([topics.commands, topics.commandResults, topics.commandsDeadLetter, topics.events, topics.eventsDeadLetter]),
          ),
        ).toEqual([]),
      { timeoutMs: 15_000 },
    );
    expect(foundHere(await everyStoredDocument())).toEqual([]);
  });
});
