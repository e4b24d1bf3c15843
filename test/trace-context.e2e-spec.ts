import { actor, eventually, bearer, billingProfile, companyProfile, httpClient, newCustomerId, registerBody } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { RunningSystem, startSystem } from './support';
import { useUpstreamKafka } from './support/upstream-kafka';

const traceparentOf = () => `00-${randomUUID().replace(/-/g, '')}-${randomUUID().replace(/-/g, '').slice(0, 16)}-01`;

describe('W3C trace context through the pipeline', () => {
  const kafka = useUpstreamKafka((topics) => [topics.events, topics.commandResults]);

  it('records the trace of an HTTP command with its events and carries it on their messages', async () => {
    const customerId = newCustomerId();
    const traceparent = traceparentOf();
    const registered = await httpClient(kafka.system.baseUrl)('POST', '/customers', {
      body: registerBody(customerId),
      headers: { traceparent, tracestate: 'crm=7' },
    });
    expect(registered.status).toBe(201);
    const event = await kafka.recorder.waitFor(kafka.topics.events, (message) => message.key === customerId);
    expect(event.headers).toMatchObject({ traceparent, tracestate: 'crm=7' });
    expect(event.value.trace).toEqual({ traceparent, tracestate: 'crm=7' });
  });

  it('takes the trace from a Kafka command, puts it on its result and events, and ignores one that is not W3C', async () => {
    const customerId = newCustomerId();
    const traceparent = traceparentOf();
    const [traced, untraced] = [randomUUID(), randomUUID()];
    const register = (commandId: string) =>
      JSON.stringify({
        commandId,
        type: 'RegisterCustomer',
        customerId,
        payload: { companyProfile: companyProfile(), billingProfile: billingProfile() },
      });
    await kafka.producer.send({
      topic: kafka.topics.commands,
      messages: [
        { key: customerId, value: register(traced), headers: { authorization: bearer(actor()), traceparent } },
        { key: customerId, value: register(untraced), headers: { authorization: bearer(actor()), traceparent: 'not-a-trace' } },
      ],
    });
    const result = await kafka.recorder.waitFor(kafka.topics.commandResults, (message) => message.value.commandId === traced);
    expect(result.headers.traceparent).toBe(traceparent);
    const event = await kafka.recorder.waitFor(kafka.topics.events, (message) => message.key === customerId);
    expect(event.headers.traceparent).toBe(traceparent);
    const second = await kafka.recorder.waitFor(kafka.topics.commandResults, (message) => message.value.commandId === untraced);
    expect(second.headers.traceparent).toBeUndefined();
  });
});

describe('OpenTelemetry spans, exported when an OTLP endpoint is configured', () => {
  let system: RunningSystem;
  const received: Array<{ traceId: string; name: string; parentSpanId?: string }> = [];
  const collector = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const exported = JSON.parse(body) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: typeof received }> }> };
      for (const resource of exported.resourceSpans) for (const scope of resource.scopeSpans) received.push(...scope.spans);
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT = `http://127.0.0.1:${(collector.address() as AddressInfo).port}/v1/traces`;
    process.env.OTEL_BSP_SCHEDULE_DELAY = '100';
    system = await startSystem();
  });
  afterAll(async () => {
    delete process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
    delete process.env.OTEL_BSP_SCHEDULE_DELAY;
    await system?.stop();
    collector.close();
  });

  it('continues the caller’s trace through decide, append, publish and project', async () => {
    const traceparent = traceparentOf();
    const traceId = traceparent.split('-')[1];
    const customerId = newCustomerId();
    expect(
      (await httpClient(system.baseUrl)('POST', '/customers', { body: registerBody(customerId), headers: { traceparent } })).status,
    ).toBe(201);
    await eventually(
      () => {
        const names = received.filter((span) => span.traceId === traceId).map((span) => span.name);
        expect(names).toEqual(expect.arrayContaining(['command RegisterCustomer', 'decide', 'append', 'publish', 'project']));
      },
      { timeoutMs: 20_000 },
    );
    // Every span of the trace hangs under the caller's: none starts a trace of its own.
    expect(received.filter((span) => span.traceId === traceId).every((span) => span.parentSpanId)).toBe(true);
  });
});
