import { topicsFor } from '@app/messaging';
import {
  actor,
  bearer,
  eventually,
  FuzzedBody,
  httpClient,
  identityHeaders,
  mutate,
  newCustomerId,
  operator,
  registerBody,
  SeededRandom,
  tokenFor,
  TopicRecorder,
  validInstance,
} from '@app/testing';
import { RunningSystem, startSystem } from './support';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { randomUUID } from 'node:crypto';

// eslint-disable-next-line no-control-regex -- NUL is what a header value cannot carry
const HEADER_BREAKERS = /[\r\n\u0000]/g;

// The HTTP API fuzzed from the OpenAPI description the service serves, and the commands
// consumer with generated messages: no request may get a 500, no status may be one the
// operation does not document, and the consumer must answer everything and keep going.
// Bounded and seeded: FUZZ_SEED repeats a run, FUZZ_CASES sizes it.
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const CASES_PER_OPERATION = Number(process.env.FUZZ_CASES ?? 40);

type Document = Record<string, any>;

describe(`fuzzing (seed ${SEED})`, () => {
  let system: RunningSystem;
  let document: Document;
  let customerId: string;
  /** An export of the fuzzing partner's own, whose manifest a valid request may ask for. */
  let exportId: string;
  const random = new SeededRandom(SEED);
  const admin = actor({ roles: ['GlobalAdmin'] });

  beforeAll(async () => {
    system = await startSystem();
    const request = httpClient(system.baseUrl);
    customerId = newCustomerId();
    expect((await request('POST', '/customers', { body: registerBody(customerId) })).status).toBe(201);
    await eventually(async () => expect((await request('GET', `/customers/${customerId}`)).status).toBe(200));
    const exported = await request('GET', `/audit/customers/${customerId}/history?format=jsonl`, {
      headers: identityHeaders(actor({ roles: ['Auditor'] })),
    });
    exportId = exported.headers.get('x-export-manifest')!.split('/')[3];
    const served = await fetch(`${system.baseUrl}/openapi.json`);
    expect(served.status).toBe(200);
    document = (await served.json()) as Document;
  });
  afterAll(() => system?.stop());

  const operations = () =>
    Object.entries(document.paths as Record<string, Record<string, Document>>).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, operation]) => operation.security?.length > 0)
        .map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })),
    );

  it('describes every route the service has, and nothing it has not', async () => {
    const app = system.services[0].getHttpAdapter().getInstance();
    const routes = new Set<string>(
      (app.router?.stack ?? app._router.stack)
        // The request logger (nestjs-pino) is mounted on every path of every method: a middleware, not a route.
        .filter((layer: Document) => layer.route && layer.route.path !== '/{*path}')
        .flatMap((layer: Document) =>
          Object.keys(layer.route.methods).map((method) => `${method.toUpperCase()} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`),
        ),
    );
    const described = new Set(
      Object.entries(document.paths as Record<string, Document>).flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
    expect([...routes].sort()).toEqual([...described].sort());
  });

  it('accepts a valid request built from each operation’s schemas', async () => {
    const failures: string[] = [];
    for (const { path, method, operation } of operations()) {
      const response = await send(path, method, operation, { kind: 'valid', json: bodyOf(operation) as never });
      const ok = Object.keys(operation.responses)
        .filter((status) => Number(status) < 400)
        .map(Number);
      // A replay another case started may still run: 409 is its documented answer.
      if (!ok.includes(response.status) && !(path === '/audit/replays' && response.status === 409))
        failures.push(`${method} ${path}: ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
    }
    expect(failures).toEqual([]);
  });

  it('never answers hostile requests with a 500 or an undocumented status', async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const { path, method, operation } of operations()) {
      const documented = new Set(Object.keys(operation.responses).map(Number));
      for (let i = 0; i < CASES_PER_OPERATION; i++) {
        const valid = bodyOf(operation);
        const body = valid === undefined ? mutate({}, random) : mutate(valid as never, random);
        const twist = random.int(4);
        const response = await send(path, method, operation, body, twist);
        sent += 1;
        const label = `${method} ${path} [${body.kind}, twist ${twist}]`;
        if (response.status >= 500 || !documented.has(response.status))
          failures.push(`${label}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
        else if (
          response.status >= 400 &&
          !(response.headers.get('content-type') ?? '').startsWith(errorMediaType(operation, response.status))
        )
          failures.push(`${label}: ${response.status} without the documented error body`);
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBe(operations().length * CASES_PER_OPERATION);
    // Still serving, with its data intact.
    expect((await httpClient(system.baseUrl)('GET', `/customers/${customerId}`)).status).toBe(200);
  });

  /** Problem details, or on Partner Center's routes its error body, as the operation documents the status. */
  function errorMediaType(operation: Document, status: number): string {
    return Object.keys(operation.responses[status]?.content ?? {})[0] ?? 'application/problem+json';
  }

  /** A valid body: from the schemas, with the fields the operation says name a customer or partner set to the fuzzer's own. */
  function bodyOf(operation: Document): unknown {
    const schema = operation.requestBody?.content['application/json'].schema;
    if (!schema) return undefined;
    const body = validInstance(schema, document) as Document;
    const own: Record<string, string> = { customerId, partnerId: admin.partnerId };
    for (const [path, name] of Object.entries((operation['x-names'] ?? {}) as Record<string, string>)) {
      const keys = path.split('.');
      const parent = keys.slice(0, -1).reduce((object: Document, key) => object[key], body);
      parent[keys[keys.length - 1]] = own[name];
    }
    return body;
  }

  /** The operation with a valid path and token, the body given, and sometimes a hostile parameter or header (the twist). */
  async function send(path: string, method: string, operation: Document, body: FuzzedBody, twist = 0) {
    const parameters: Document[] = operation.parameters ?? [];
    const hostileParameter = twist === 1 && parameters.length > 0 ? random.pick(parameters) : undefined;
    const hostile = () =>
      random.pick(['', 'not-a-guid', '..', '%E0%A4%A', 'x'.repeat(3000), '{"$gt":""}', '*', '"1', '\u0000', randomUUID()]);
    const value = (parameter: Document) => {
      if (parameter === hostileParameter) return hostile();
      if (parameter.name === 'customerId') return customerId;
      if (parameter.name === 'exportId') return exportId;
      if (parameter.in === 'header' && parameter.name === 'If-Match') return '*';
      return validInstance(parameter.schema, document) as string;
    };
    let url = path;
    const query = new URLSearchParams();
    // Operators' routes take the operator's token; the rest a partner's global admin's, who may do everything else.
    const headers: Record<string, string> = { Authorization: bearer(operation['x-roles']?.includes('Operator') ? operator() : admin) };
    for (const parameter of parameters) {
      if (parameter.in === 'path')
        url = url.replace(
          `{${parameter.name}}`,
          parameter === hostileParameter && random.int(2) === 0 ? String(value(parameter)) : encodeURIComponent(String(value(parameter))),
        );
      else if (parameter.in === 'query' && (parameter.required || parameter === hostileParameter))
        query.set(parameter.name, String(value(parameter)));
      // Header values cannot hold CR, LF or NUL: the hostile value loses them, and stays hostile otherwise.
      else if (parameter.in === 'header' && (parameter.required || parameter === hostileParameter))
        headers[parameter.name] = String(value(parameter)).replace(HEADER_BREAKERS, '');
    }
    if (twist === 2) query.append(`${random.pick(['from', 'actor', 'x'])}[$ne]`, '1');
    if (twist === 3)
      headers['Content-Type'] = random.pick(['text/plain', 'application/json; charset=latin1', 'application/xml', 'multipart/form-data']);
    const search = query.toString();
    const raw = body.raw ?? (body.json === undefined ? undefined : JSON.stringify(body.json));
    if (raw !== undefined && method !== 'GET') headers['Content-Type'] ??= 'application/json';
    return httpClient(system.baseUrl)(method, `${url}${search ? `?${search}` : ''}`, {
      anonymous: true,
      headers,
      ...(method !== 'GET' && raw !== undefined && { rawBody: raw }),
    });
  }

  it('answers or dead-letters every generated Kafka command, never crashes the consumer, and still takes a valid one after', async () => {
    const topics = topicsFor(system.topicPrefix);
    const recorder = await TopicRecorder.start(system.kafkaBrokers, [topics.commandResults, topics.commandsDeadLetter]);
    const producer = new Kafka({ brokers: system.kafkaBrokers, clientId: 'fuzzer', logLevel: logLevel.NOTHING }).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    const schemas = document.components.schemas;
    const payloads: Record<string, () => unknown> = {
      RegisterCustomer: () => ({
        companyProfile: validInstance(schemas.CompanyProfile, document),
        billingProfile: validInstance(schemas.BillingProfile, document),
      }),
      UpdateCustomerDetails: () => validInstance(schemas.UpdateCustomerDetailsRequest, document),
      GrantPurchasePermission: () => ({ resource: 'AzureSavingsPlan' }),
      RevokePurchasePermission: () => ({ resource: 'AzureReservedInstances' }),
      ForgetCustomerPersonalData: () => ({}),
    };
    const answerable: string[] = [];
    let unreadable = 0;
    try {
      for (let i = 0; i < 150; i++) {
        const type = random.pick(Object.keys(payloads));
        const commandId = randomUUID();
        const envelope = { commandId, type, customerId: random.int(3) === 0 ? newCustomerId() : customerId, payload: payloads[type]() };
        const fuzzed: FuzzedBody =
          random.int(3) === 0
            ? mutate(envelope as never, random)
            : { kind: 'payload', json: { ...envelope, payload: mutate(envelope.payload as never, random).json ?? {} } as never };
        const token = random.pick([
          bearer(admin),
          bearer(admin),
          bearer(admin),
          bearer(admin, 'forged'),
          bearer(admin, 'expired'),
          'Bearer x.y.z',
          '',
        ]);
        const value = fuzzed.raw ?? JSON.stringify(fuzzed.json);
        await producer.send({
          topic: topics.commands,
          messages: [{ key: customerId, value, headers: token ? { authorization: token } : {} }],
        });
        const readable = readableCommandId(value);
        if (readable) answerable.push(readable);
        else unreadable += 1;
      }
      const valid = { commandId: randomUUID(), type: 'GrantPurchasePermission', customerId, payload: { resource: 'AzureSavingsPlan' } };
      await producer.send({
        topic: topics.commands,
        messages: [{ key: customerId, value: JSON.stringify(valid), headers: { authorization: `Bearer ${tokenFor(admin)}` } }],
      });
      expect((await recorder.waitFor(topics.commandResults, (m) => m.value.commandId === valid.commandId, 120_000)).value).toMatchObject({
        outcome: 'accepted',
      });

      // Everything sent before the valid command has been decided (one key, one partition), but
      // results are keyed by the customer each names, so the recorder may still be reading
      // another partition of the results topic, or the dead letters.
      const results = await eventually(
        () => {
          const recorded = new Map(recorder.on(topics.commandResults).map((message) => [message.value.commandId, message.value]));
          // A command without a valid token gets a dead letter instead of a result.
          const setAside = new Set(recorder.on(topics.commandsDeadLetter).map((message) => message.value.commandId));
          expect(answerable.filter((commandId) => !recorded.has(commandId) && !setAside.has(commandId))).toEqual([]);
          expect(
            recorder.on(topics.commandsDeadLetter).filter((message) => message.value.commandId === undefined).length,
          ).toBeGreaterThanOrEqual(unreadable);
          return recorded;
        },
        { timeoutMs: 15_000 },
      );
      const failed = [...results.values()].filter(
        (result) => result.status >= 500 || ![200, 201, 400, 403, 404, 409, 412].includes(result.status),
      );
      expect(failed).toEqual([]);
    } finally {
      await producer.disconnect();
      await recorder.stop();
    }
  });
});

/** What the consumer can answer: a JSON object (UTF-8, within the limit) with a commandId of 1 to 128 characters. */
function readableCommandId(value: string | Buffer): string | undefined {
  const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value);
  if (bytes.length === 0 || bytes.length > 64 * 1024) return undefined;
  try {
    const parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    const id = parsed?.commandId;
    return typeof parsed === 'object' && !Array.isArray(parsed) && typeof id === 'string' && id.length > 0 && id.length <= 128
      ? id
      : undefined;
  } catch {
    return undefined;
  }
}
