import { topicsFor } from '@app/messaging';
import {
  actor,
  bearer,
  billingProfile,
  companyProfile,
  eventually,
  identityHeaders,
  newCustomerId,
  PARTNER_ID,
  TopicRecorder,
  upstreamProducer,
} from '@app/testing';
import { RunningSystem, startSystem } from './support';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { randomUUID } from 'node:crypto';

// The AsyncAPI description the service serves, checked against the real topics: every
// message the service wrote during a run of commands (accepted, rejected, unreadable, an
// event of every kind, a poison event) matches its schema, and so does every envelope the
// service accepted.
describe('AsyncAPI description, against the real topics', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(() => system?.stop());

  it('names the real topics and describes every message on them', async () => {
    const document = (await (await fetch(`${system.baseUrl}/asyncapi.json`)).json()) as Record<string, any>;
    const topics = topicsFor(system.topicPrefix);
    const address = (channel: string) => String(document.channels[channel].address).replace('{prefix}', system.topicPrefix);
    // Every channel is named as the service names its topic (the channels are the topics' own names).
    expect(Object.keys(topics).map(address)).toEqual(Object.values(topics));

    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'asyncapi', components: document.components });
    const problems = (check: ValidateFunction, value: unknown, what: string) =>
      check(value) ? [] : [`${what}: ${ajv.errorsText(check.errors)} in ${JSON.stringify(value).slice(0, 300)}`];
    const validateAgainst = (schema: object, value: unknown, what: string) => problems(ajv.compile(schema), value, what);
    const validate = (schema: string, value: unknown) => problems(ajv.getSchema(`asyncapi#/components/schemas/${schema}`)!, value, schema);

    // Everything the service writes: all but the commands topic, which upstream systems write.
    const recorder = await TopicRecorder.start(
      system.kafkaBrokers,
      Object.values(topics).filter((topic) => topic !== topics.commands),
    );
    const producer = await upstreamProducer(system.kafkaBrokers);
    const customerId = newCustomerId();
    const envelopes = [
      {
        commandId: randomUUID(),
        type: 'RegisterCustomer',
        customerId,
        payload: { companyProfile: companyProfile(), billingProfile: billingProfile() },
      },
      {
        commandId: randomUUID(),
        type: 'UpdateCustomerDetails',
        customerId,
        expectedVersion: 1,
        correlationId: 'asyncapi-check',
        payload: { billingProfile: { email: 'billing@contoso.com' }, companyProfile: { companyName: 'Contoso Ltd' } },
      },
      { commandId: randomUUID(), type: 'GrantPurchasePermission', customerId, payload: { resource: 'AzureSavingsPlan' } },
      { commandId: randomUUID(), type: 'RevokePurchasePermission', customerId, payload: { resource: 'AzureSavingsPlan' } },
      { commandId: randomUUID(), type: 'ForgetCustomerPersonalData', customerId },
    ];
    const rejected = [
      { commandId: randomUUID(), type: 'UpdateCustomerDetails', customerId, payload: { billingProfile: { email: 'not an email' } } },
      { commandId: randomUUID(), type: 'GrantPurchasePermission', customerId: 'not-a-guid', payload: { resource: 'Everything' } },
    ];
    try {
      const authorization = bearer(actor());
      await producer.send({
        topic: topics.commands,
        messages: [...envelopes, ...rejected].map((value) => ({
          key: customerId,
          value: JSON.stringify(value),
          headers: { authorization },
        })),
      });
      const unauthenticated = {
        commandId: randomUUID(),
        type: 'GrantPurchasePermission',
        customerId,
        payload: { resource: 'AzureSavingsPlan' },
      };
      await producer.send({
        topic: topics.commands,
        messages: [
          { key: customerId, value: JSON.stringify(unauthenticated) },
          { key: customerId, value: 'not json at all' },
        ],
      });
      await producer.send({ topic: topics.events, messages: [{ key: 'not-a-customer', value: '{"broken": true}' }] });

      const sent = [...envelopes, ...rejected].map((envelope) => envelope.commandId);
      await eventually(
        () => {
          const answered = new Set(recorder.on(topics.commandResults).map((message) => message.value.commandId));
          expect(sent.filter((id) => !answered.has(id))).toEqual([]);
          expect(recorder.on(topics.events).filter((message) => message.key === customerId)).toHaveLength(6);
          expect(recorder.on(topics.commandsDeadLetter)).toHaveLength(2);
          expect(recorder.on(topics.eventsDeadLetter)).toHaveLength(1);
        },
        { timeoutMs: 30_000 },
      );
      const digested = await fetch(`${system.baseUrl}/audit/digests`, {
        method: 'POST',
        headers: identityHeaders(actor({ roles: ['Auditor'] })),
      });
      expect(digested.status).toBe(201);
      await recorder.waitFor(topics.digests, (message) => message.key === PARTNER_ID);
      expect(
        (await fetch(`${system.baseUrl}/audit/verification`, { headers: identityHeaders(actor({ roles: ['Auditor'] })) })).status,
      ).toBe(200);
      await recorder.waitFor(topics.accessLog, (message) => message.key === PARTNER_ID);

      const results = recorder.on(topics.commandResults).map((message) => message.value);
      expect(results.map((result) => `${result.outcome} ${result.status}`).sort()).toEqual(
        ['accepted 200', 'accepted 200', 'accepted 200', 'accepted 200', 'accepted 201', 'rejected 400', 'rejected 400'].sort(),
      );
      // An unauthenticated message gets no result, only a dead letter: nobody can make the results name another's command.
      expect(results.map((result) => result.commandId)).not.toContain(unauthenticated.commandId);
      expect(
        recorder
          .on(topics.commandsDeadLetter)
          .map((message) => message.value.commandId ?? null)
          .sort(),
      ).toEqual([unauthenticated.commandId, null].sort());
      for (const message of recorder.on(topics.commandResults)) expect(message.headers['partner-id']).toBe(PARTNER_ID);
      const events = recorder
        .on(topics.events)
        .filter((message) => message.key === customerId)
        .map((message) => message.value);
      expect(events.map((event) => event.type)).toEqual([
        'CustomerRegistered',
        'BillingProfileUpdated',
        'CompanyProfileUpdated',
        'PurchasePermissionGranted',
        'PurchasePermissionRevoked',
        'CustomerPersonalDataForgotten',
      ]);
      const problems = [
        ...envelopes.flatMap((envelope) => validate('CommandEnvelope', envelope)),
        ...results.flatMap((result) => validate(result.outcome === 'accepted' ? 'AcceptedResult' : 'RejectedResult', result)),
        ...events.flatMap((event) => validate('Event', event)),
        ...recorder
          .on(topics.events)
          .filter((message) => message.key === customerId)
          .flatMap((message) => validateAgainst(document.channels.events.messages.event.headers, message.headers, 'event headers')),
        ...recorder.on(topics.commandsDeadLetter).flatMap((message) => validate('CommandDeadLetter', message.value)),
        ...recorder.on(topics.eventsDeadLetter).flatMap((message) => validate('EventDeadLetter', message.value)),
        ...recorder.on(topics.digests).flatMap((message) => validate('SignedDigest', message.value)),
        ...recorder.on(topics.accessLog).flatMap((message) => validate('AccessLogEntry', message.value)),
      ];
      expect(problems).toEqual([]);
      const [firstEvent] = recorder.on(topics.events).filter((message) => message.key === customerId);
      expect(firstEvent.headers).toMatchObject({
        ce_specversion: '1.0',
        ce_id: events[0].eventId,
        ce_subject: customerId,
        ce_time: events[0].occurredAt,
      });
      // The schemas are strict enough to fail: an undocumented field is caught.
      expect(validate('Event', { ...events[0], surprise: true })).toHaveLength(1);
    } finally {
      await producer.disconnect();
      await recorder.stop();
    }
  });
});
