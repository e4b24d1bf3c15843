import { topicsFor, Topics } from '@app/messaging';
import {
  actor,
  bearer,
  eventually,
  httpClient,
  identityHeaders,
  newCustomerId,
  registerBody,
  TopicRecorder,
  upstreamProducer,
} from '@app/testing';
import { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { RunningSystem, startSystem } from './support';

const auditor = { anonymous: true, headers: identityHeaders(actor({ roles: ['Auditor'] })) };

/** A raw request, for header bytes fetch would not send as they are. */
function patchWithRawHeader(baseUrl: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const sent = httpRequest(`${baseUrl}${path}`, { method: 'PUT', headers: { ...identityHeaders(), ...headers } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
    });
    sent.on('error', reject);
    sent.end();
  });
}

describe('A reason for change, over HTTP and Kafka', () => {
  let system: RunningSystem;
  let topics: Topics;
  let producer: Producer;
  let recorder: TopicRecorder;
  const request = () => httpClient(system.baseUrl);

  beforeAll(async () => {
    process.env.REASON_REQUIRED_FOR = 'GrantPurchasePermission,ForgetCustomerPersonalData';
    system = await startSystem();
    topics = topicsFor(system.topicPrefix);
    producer = await upstreamProducer(system.kafkaBrokers);
    recorder = await TopicRecorder.start(system.kafkaBrokers, [topics.commandResults, topics.events]);
  });
  afterAll(async () => {
    delete process.env.REASON_REQUIRED_FOR;
    await producer?.disconnect();
    await recorder?.stop();
    await system?.stop();
  });

  it('records the reason on the events, shows it in history and exports, filters by it, and requires it where configured', async () => {
    const customerId = newCustomerId();
    const registered = await request()('POST', '/customers', {
      body: registerBody(customerId),
      headers: { 'X-Change-Reason': 'Onboarding, contract 4711' },
    });
    expect(registered.status).toBe(201);

    const grant = `/customers/${customerId}/purchase-permissions/AzureReservedInstances`;
    const withoutReason = await request()('PUT', grant, { headers: { 'If-Match': '*' } });
    expect(withoutReason).toMatchObject({ status: 400, body: { code: 800420, errors: [{ field: 'reason', code: 800420 }] } });
    // Refused as input, not decided: the same request id with a reason is decided afresh.
    const requestId = randomUUID();
    expect((await request()('PUT', grant, { headers: { 'If-Match': '*', 'MS-RequestId': requestId } })).status).toBe(400);
    const granted = await request()('PUT', grant, {
      headers: {
        'If-Match': '*',
        'MS-RequestId': requestId,
        'X-Change-Reason': encodeURIComponent('Kundenwunsch – Zentrale kauft selbst'),
      },
    });
    expect(granted.status).toBe(200);

    const history = (await request()('GET', `/audit/customers/${customerId}/history`, auditor)).body;
    expect(history.entries.map((entry: any) => entry.reason)).toEqual([
      'Onboarding, contract 4711',
      'Kundenwunsch – Zentrale kauft selbst',
    ]);
    const filtered = (await request()('GET', `/audit/customers/${customerId}/history?reason=KUNDENWUNSCH`, auditor)).body;
    expect(filtered.entries.map((entry: any) => entry.type)).toEqual(['PurchasePermissionGranted']);
    const csv = (await request()('GET', `/audit/customers/${customerId}/history?format=csv`, auditor)).body as string;
    expect(csv.split('\r\n')[0]).toContain(',reason,');
    expect(csv).toContain(',"Onboarding, contract 4711",');
    const events = await eventually(() => {
      const found = recorder.on(topics.events).filter((message) => message.key === customerId);
      expect(found).toHaveLength(2);
      return found;
    });
    expect(events.map((message) => message.value.reason)).toEqual(['Onboarding, contract 4711', 'Kundenwunsch – Zentrale kauft selbst']);
  });

  it('refuses a reason that is not plain text, whatever bytes the header carries, with a 400 naming the header', async () => {
    const customerId = newCustomerId();
    expect((await request()('POST', '/customers', { body: registerBody(customerId) })).status).toBe(201);
    const path = `/customers/${customerId}/purchase-permissions/AzureSavingsPlan`;
    for (const reason of ['\xff\xfe not UTF-8', '%C3%28 not UTF-8 either', 'x'.repeat(501), '   ', 'tab\there']) {
      const answer = await patchWithRawHeader(system.baseUrl, path, { 'If-Match': '*', 'X-Change-Reason': reason });
      expect({ reason: reason.slice(0, 20), status: answer.status, field: answer.body.errors?.[0]?.field }).toEqual({
        reason: reason.slice(0, 20),
        status: 400,
        field: 'X-Change-Reason',
      });
    }
    // Raw UTF-8 is read as UTF-8, and a lone % is only a percent sign.
    const raw = await patchWithRawHeader(system.baseUrl, path, {
      'If-Match': '*',
      'X-Change-Reason': Buffer.from('50% off – 顧客の依頼', 'utf8').toString('latin1'),
    });
    expect(raw.status).toBe(200);
    const history = (await request()('GET', `/audit/customers/${customerId}/history`, auditor)).body;
    expect(history.entries.at(-1).reason).toBe('50% off – 顧客の依頼');
  });

  it('takes the reason from the Kafka envelope, and rejects a required one left out', async () => {
    const customerId = newCustomerId();
    expect((await request()('POST', '/customers', { body: registerBody(customerId) })).status).toBe(201);
    const [withReason, withoutReason, notText] = [randomUUID(), randomUUID(), randomUUID()];
    const grant = (commandId: string, extra: Record<string, unknown>) => ({
      key: customerId,
      value: JSON.stringify({
        commandId,
        type: 'GrantPurchasePermission',
        customerId,
        payload: { resource: 'AzureSavingsPlan' },
        ...extra,
      }),
      headers: { authorization: bearer(actor()) },
    });
    await producer.send({
      topic: topics.commands,
      messages: [
        grant(withoutReason, {}),
        grant(notText, { reason: { text: 'an object' } }),
        grant(withReason, { reason: 'Savings plan trial' }),
      ],
    });
    const results = await eventually(() => {
      const byId = new Map(recorder.on(topics.commandResults).map((message) => [message.value.commandId, message.value]));
      expect([withReason, withoutReason, notText].every((id) => byId.has(id))).toBe(true);
      return byId;
    });
    expect(results.get(withoutReason)).toMatchObject({ outcome: 'rejected', status: 400, code: 800420 });
    expect(results.get(notText)).toMatchObject({
      outcome: 'rejected',
      status: 400,
      errors: [expect.objectContaining({ field: 'reason' })],
    });
    expect(results.get(withReason)).toMatchObject({ outcome: 'accepted', status: 200 });
    const event = await recorder.waitFor(
      topics.events,
      (message) => message.key === customerId && message.value.type === 'PurchasePermissionGranted',
    );
    expect(event.value.reason).toBe('Savings plan trial');
  });
});

describe('A legal hold', () => {
  let system: RunningSystem;
  const globalAdmin = identityHeaders(actor({ roles: ['GlobalAdmin'] }));
  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(() => system?.stop());

  it('refuses to forget the personal data while held, says so in history, and lets it be forgotten once released', async () => {
    const request = httpClient(system.baseUrl);
    const customerId = newCustomerId();
    expect((await request('POST', '/customers', { body: registerBody(customerId) })).status).toBe(201);
    const hold = `/customers/${customerId}/legal-hold`;
    const asGlobalAdmin = (reason?: string) => ({
      anonymous: true,
      headers: { ...globalAdmin, 'If-Match': '*', ...(reason !== undefined && { 'X-Change-Reason': reason }) },
    });
    expect((await request('PUT', hold, asGlobalAdmin())).body).toMatchObject({ status: 400, code: 800420 });
    expect((await request('PUT', hold, { headers: { 'If-Match': '*', 'X-Change-Reason': 'Litigation' } })).body).toMatchObject({
      status: 403,
      code: 900150,
    });
    expect((await request('PUT', hold, asGlobalAdmin('Litigation 2026-17'))).status).toBe(200);

    const refused = await request('DELETE', `/customers/${customerId}/personal-data`, asGlobalAdmin());
    expect(refused).toMatchObject({ status: 409, body: { code: 800423 } });
    await eventually(async () => expect((await request('GET', `/customers/${customerId}`)).body).toMatchObject({ legalHold: true }));
    const history = (await request('GET', `/audit/customers/${customerId}/history`, auditor)).body.entries;
    expect(history.slice(1).map((entry: any) => [entry.outcome, entry.type, entry.reason, entry.changes, entry.rejection?.code])).toEqual([
      ['accepted', 'LegalHoldPlaced', 'Litigation 2026-17', [{ field: 'legalHold', newValue: 'held' }], undefined],
      ['rejected', 'ForgetCustomerPersonalData', undefined, [], 800423],
    ]);

    expect((await request('DELETE', hold, asGlobalAdmin('Case closed'))).status).toBe(200);
    expect((await request('DELETE', `/customers/${customerId}/personal-data`, asGlobalAdmin())).status).toBe(200);
    await eventually(async () => expect((await request('GET', `/customers/${customerId}`)).body).not.toHaveProperty('legalHold'));
  });
});
