import { topicsFor, Topics } from '@app/messaging';
import {
  actor,
  bearer,
  billingProfile,
  companyProfile,
  httpClient,
  newCustomerId,
  registerBody,
  TopicRecorder,
  upstreamProducer,
} from '@app/testing';
import { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { RunningSystem, startSystem } from './support';

const traceparentOf = () => `00-${randomUUID().replace(/-/g, '')}-${randomUUID().replace(/-/g, '').slice(0, 16)}-01`;

describe('W3C trace context through the pipeline', () => {
  let system: RunningSystem;
  let topics: Topics;
  let producer: Producer;
  let recorder: TopicRecorder;
  beforeAll(async () => {
    system = await startSystem();
    topics = topicsFor(system.topicPrefix);
    producer = await upstreamProducer(system.kafkaBrokers);
    recorder = await TopicRecorder.start(system.kafkaBrokers, [topics.events, topics.commandResults]);
  });
  afterAll(async () => {
    await producer?.disconnect();
    await recorder?.stop();
    await system?.stop();
  });

  it('records the trace of an HTTP command with its events and carries it on their messages', async () => {
    const customerId = newCustomerId();
    const traceparent = traceparentOf();
    const registered = await httpClient(system.baseUrl)('POST', '/customers', {
      body: registerBody(customerId),
      headers: { traceparent, tracestate: 'crm=7' },
    });
    expect(registered.status).toBe(201);
    const event = await recorder.waitFor(topics.events, (message) => message.key === customerId);
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
    await producer.send({
      topic: topics.commands,
      messages: [
        { key: customerId, value: register(traced), headers: { authorization: bearer(actor()), traceparent } },
        { key: customerId, value: register(untraced), headers: { authorization: bearer(actor()), traceparent: 'not-a-trace' } },
      ],
    });
    const result = await recorder.waitFor(topics.commandResults, (message) => message.value.commandId === traced);
    expect(result.headers.traceparent).toBe(traceparent);
    const event = await recorder.waitFor(topics.events, (message) => message.key === customerId);
    expect(event.headers.traceparent).toBe(traceparent);
    const second = await recorder.waitFor(topics.commandResults, (message) => message.value.commandId === untraced);
    expect(second.headers.traceparent).toBeUndefined();
  });
});
