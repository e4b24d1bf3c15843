import { topicsFor } from '@app/messaging';
import { readFileSync } from 'node:fs';
import {
  actor,
  auditPipeline,
  bearer,
  controlsInfrastructure,
  eventually,
  httpClient,
  identityHeaders,
  newCustomerId,
  registerBody,
  startFerretDb,
  startKafka,
  stopFerretDb,
  stopKafka,
  TopicRecorder,
  upstreamProducer,
} from '@app/testing';
import { RunningSystem, startSystem } from './support';

import { randomUUID } from 'node:crypto';

// What a platform team relies on: probes that tell the truth, metrics that move, logs that
// can be followed by correlation id, and a shutdown that loses nothing.
describe('operability', () => {
  jest.setTimeout(180_000);
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(() => system?.stop());

  /** The value of one series in Prometheus text, 0 when absent. */
  async function metric(baseUrl: string, series: string): Promise<number> {
    const text = await (await fetch(`${baseUrl}/metrics`)).text();
    const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
    return line ? Number(line.slice(series.length + 1)) : 0;
  }

  it('moves its metrics when commands flow, on both apps', async () => {
    const request = httpClient(system.baseUrl);
    const accepted = 'customer_account_commands_total{transport="http",type="RegisterCustomer",outcome="accepted",code="0"}';
    const forbidden = 'customer_account_commands_total{transport="http",type="UpdateCustomerDetails",outcome="rejected",code="900150"}';
    const appends = 'customer_account_event_append_seconds_count';
    const applied = 'customer_account_projector_events_total{outcome="applied"}';
    const before = {
      accepted: await metric(system.baseUrl, accepted),
      forbidden: await metric(system.baseUrl, forbidden),
      appends: await metric(system.baseUrl, appends),
      applied: await metric(system.projectorUrl!, applied),
    };

    const customerId = newCustomerId();
    expect((await request('POST', '/customers', { body: registerBody(customerId) })).status).toBe(201);
    const auditorPatch = await request('PATCH', `/customers/${customerId}`, {
      anonymous: true,
      headers: { ...identityHeaders(actor({ roles: ['Auditor'] })), 'If-Match': '*' },
      body: {},
    });
    expect(auditorPatch.status).toBe(403);

    expect(await metric(system.baseUrl, accepted)).toBe(before.accepted + 1);
    expect(await metric(system.baseUrl, forbidden)).toBe(before.forbidden + 1);
    expect(await metric(system.baseUrl, appends)).toBe(before.appends + 1);
    await eventually(async () => expect(await metric(system.projectorUrl!, applied)).toBeGreaterThanOrEqual(before.applied + 1));
    const text = await (await fetch(`${system.baseUrl}/metrics`)).text();
    expect(text).toMatch(/^customer_account_outbox_unpublished_commits \d+$/m);
    // The only instance publishes every shard.
    expect(text).toMatch(/^customer_account_outbox_shards_held 3$/m);
    expect(text).toMatch(/^customer_account_command_dead_letters_total \d+$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(await (await fetch(`${system.projectorUrl}/metrics`)).text()).toMatch(
      /^customer_account_projector_lag_events\{partition="\d+"\} \d+$/m,
    );
  });

  it('logs one JSON object a line, with the correlation id of the request, and no field value or credential', async () => {
    // Debug lines name every processed command; the suite runs at warn, so this instance logs at debug.
    const level = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = 'debug';
    const verbose = await system.startService().finally(() => (process.env.LOG_LEVEL = level));
    const correlationId = `corr-${randomUUID()}`;
    const customerId = newCustomerId();
    const before = readFileSync(process.env.LOG_FILE!, 'utf8').length;
    try {
      const response = await httpClient(await verbose.getUrl())('POST', '/customers', {
        headers: { 'MS-CorrelationId': correlationId, 'X-Change-Reason': 'Onboarding per contract' },
        body: registerBody(customerId),
      });
      expect(response.status).toBe(201);
      expect(response.headers.get('ms-correlationid')).toBe(correlationId);
    } finally {
      await verbose.close();
      system.services.splice(system.services.indexOf(verbose), 1);
    }
    const written = readFileSync(process.env.LOG_FILE!, 'utf8').slice(before);
    const entries = written
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    expect(entries.find((entry) => entry.correlationId === correlationId && entry.logger === 'Commands')).toMatchObject({
      level: 'debug',
      app: 'account-service',
      message: expect.stringMatching(/^RegisterCustomer .* accepted 201 at version 1$/),
    });
    // The request's own line: method, path and status; nothing of its headers or body.
    expect(entries.find((entry) => entry.req?.url === '/customers' && entry.res?.statusCode === 201)).toMatchObject({ level: 'debug' });
    for (const entry of entries)
      expect(entry).toEqual(expect.objectContaining({ time: expect.any(String), level: expect.any(String), message: expect.any(String) }));
    for (const secret of ['alex@contoso.com', 'Bearer ', 'Onboarding per contract', '1 Microsoft Way'])
      expect(written).not.toContain(secret);
  });

  it('finishes in-flight work on shutdown under load: every acknowledged command is kept, every Kafka command answered', async () => {
    const leaving = await system.startService();
    const leavingUrl = await leaving.getUrl();
    const topics = topicsFor(system.topicPrefix);
    const recorder = await TopicRecorder.start(system.kafkaBrokers, [topics.commandResults]);
    const producer = await upstreamProducer(system.kafkaBrokers);
    // Each way has customers of its own: two instances racing for one stream is another
    // matter (commands retried on the newer state) than the one tested here.
    const customers = Array.from({ length: 8 }, newCustomerId);
    const kafkaCustomers = Array.from({ length: 8 }, newCustomerId);
    for (const customerId of [...customers, ...kafkaCustomers])
      expect((await httpClient(system.baseUrl)('POST', '/customers', { body: registerBody(customerId) })).status).toBe(201);

    const acknowledged: string[] = [];
    const kafkaCommands: string[] = [];
    let stop = false;
    const httpLoad = Promise.all(
      customers.map(async (customerId, worker) => {
        for (let n = 0; !stop; n++) {
          const requestId = `shutdown-${worker}-${n}`;
          const response = await fetch(`${leavingUrl}/customers/${customerId}`, {
            method: 'PATCH',
            headers: { Authorization: bearer(actor()), 'Content-Type': 'application/json', 'If-Match': '*', 'MS-RequestId': requestId },
            body: JSON.stringify({ companyProfile: { companyName: `Contoso ${requestId}` } }),
          }).catch(() => undefined);
          if (response?.ok) acknowledged.push(requestId);
          if (!response) return; // the instance is gone: a careful client would retry elsewhere
        }
      }),
    );
    // Bounded, so that what the remaining instance must answer does not grow with how
    // slowly this machine reaches the HTTP acknowledgements below.
    const kafkaLoad = (async () => {
      for (let n = 0; !stop && n < 300; n++) {
        const commandId = `kafka-shutdown-${n}`;
        const customerId = kafkaCustomers[n % kafkaCustomers.length];
        await producer.send({
          topic: topics.commands,
          messages: [
            {
              key: customerId,
              headers: { authorization: bearer(actor()) },
              value: JSON.stringify({
                commandId,
                type: 'UpdateCustomerDetails',
                customerId,
                payload: { companyProfile: { companyName: `Contoso ${commandId}` } },
              }),
            },
          ],
        });
        kafkaCommands.push(commandId);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    await eventually(() => expect(acknowledged.length).toBeGreaterThan(30), { timeoutMs: 60_000 });
    await leaving.close(); // what SIGTERM does
    system.services.splice(system.services.indexOf(leaving), 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    stop = true;
    await Promise.all([httpLoad, kafkaLoad]);
    await producer.disconnect();
    expect(kafkaCommands.length).toBeGreaterThan(10);

    const stored = new Set(
      (
        await system.db
          .collection('event_commits')
          .find({}, { projection: { _id: 1 } })
          .toArray()
      ).map((commit) => String(commit._id)),
    );
    expect(acknowledged.filter((requestId) => !stored.has(requestId))).toEqual([]);
    await eventually(
      () => {
        const answered = new Set(recorder.on(topics.commandResults).map((message) => message.value.commandId));
        expect(kafkaCommands.filter((commandId) => !answered.has(commandId))).toEqual([]);
      },
      { timeoutMs: 90_000, intervalMs: 200 },
    );
    const results = recorder.on(topics.commandResults).filter((message) => kafkaCommands.includes(message.value.commandId));
    expect(results.filter((message) => message.value.outcome !== 'accepted').map((message) => message.value)).toEqual([]);
    await recorder.stop();

    await eventually(
      async () => {
        const audit = await auditPipeline(system.db, system.kafkaBrokers, topics.events);
        expect({ readModel: audit.readModelMismatches.length, kafka: audit.kafkaMismatches.length }).toEqual({ readModel: 0, kafka: 0 });
      },
      { timeoutMs: 90_000, intervalMs: 1_000 },
    );
  });

  (controlsInfrastructure() ? it : it.skip)('turns unready while Kafka or MongoDB is down, and ready again when it is back', async () => {
    const readiness = async (baseUrl: string) => {
      const response = await fetch(`${baseUrl}/health/ready`);
      return { status: response.status, body: await response.json() };
    };
    expect(await readiness(system.baseUrl)).toMatchObject({
      status: 200,
      body: { status: 'ready', checks: { mongodb: { up: true }, kafka: { up: true } } },
    });
    expect((await readiness(system.projectorUrl!)).status).toBe(200);

    stopKafka();
    try {
      for (const baseUrl of [system.baseUrl, system.projectorUrl!]) {
        await eventually(
          async () =>
            expect(await readiness(baseUrl)).toMatchObject({
              status: 503,
              body: { status: 'unready', checks: { mongodb: { up: true }, kafka: { up: false } } },
            }),
          { timeoutMs: 30_000 },
        );
      }
      expect((await fetch(`${system.baseUrl}/health`)).status).toBe(200); // alive all the same
    } finally {
      startKafka();
    }
    await eventually(async () => expect((await readiness(system.baseUrl)).status).toBe(200), { timeoutMs: 60_000, intervalMs: 500 });

    stopFerretDb();
    try {
      await eventually(
        async () =>
          expect(await readiness(system.baseUrl)).toMatchObject({
            status: 503,
            body: { checks: { mongodb: { up: false }, kafka: { up: true } } },
          }),
        { timeoutMs: 30_000 },
      );
    } finally {
      startFerretDb();
    }
    await eventually(async () => expect((await readiness(system.baseUrl)).status).toBe(200), { timeoutMs: 60_000, intervalMs: 500 });
    await eventually(async () => expect((await readiness(system.projectorUrl!)).status).toBe(200), { timeoutMs: 60_000, intervalMs: 500 });
  });
});
