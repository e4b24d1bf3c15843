import { topicsFor } from '@app/messaging';
import { actor, eventually, httpClient, identityHeaders, newCustomerId, OTHER_PARTNER_ID, registerBody, TopicRecorder } from '@app/testing';
import { RunningSystem, startSystem } from './support';

const asAuditor = {
  anonymous: true,
  headers: identityHeaders(actor({ userPrincipalName: 'auditor@partner.example', roles: ['Auditor'] })),
};
const strangerAuditor = {
  anonymous: true,
  headers: identityHeaders(actor({ userPrincipalName: 'snoop@other.example', roles: ['Auditor'], partnerId: OTHER_PARTNER_ID })),
};
const salesAgent = {
  anonymous: true,
  headers: identityHeaders(actor({ userPrincipalName: 'sales@partner.example', roles: ['SalesAgent'] })),
};
const PERIOD = () => `from=${new Date(Date.now() - 3600_000).toISOString()}&to=${new Date(Date.now() + 3600_000).toISOString()}`;

describe('Audit reads are audited too', () => {
  let system: RunningSystem;
  let recorder: TopicRecorder;
  beforeAll(async () => {
    system = await startSystem();
    recorder = await TopicRecorder.start(system.kafkaBrokers, [topicsFor(system.topicPrefix).accessLog]);
  });
  afterAll(async () => {
    await recorder?.stop();
    await system?.stop();
  });

  it('records who read which customer or period, when and how much, refusals included, each in the reader’s own partner’s log and on the topic', async () => {
    const request = httpClient(system.baseUrl);
    const customerId = newCustomerId();
    expect((await request('POST', '/customers', { body: registerBody(customerId) })).status).toBe(201);
    expect((await request('GET', `/audit/customers/${customerId}/history`, asAuditor)).status).toBe(200);
    expect((await request('GET', `/audit/customers/${customerId}/state?version=1`, asAuditor)).status).toBe(200);
    expect((await request('GET', `/audit/history?${PERIOD()}&format=csv`, asAuditor)).status).toBe(200);
    expect((await request('GET', '/audit/verification', asAuditor)).status).toBe(200);
    // Attempts from outside: another partner's auditor, and our own agent without the role.
    expect((await request('GET', `/audit/customers/${customerId}/history`, strangerAuditor)).status).toBe(403);
    expect((await request('GET', `/audit/customers/${customerId}/state`, salesAgent)).status).toBe(403);

    const ours = (await request('GET', `/audit/access-log?${PERIOD()}`, asAuditor)).body;
    expect(
      ours.entries.map((entry: any) => [entry.read, entry.outcome, entry.actor.userPrincipalName, entry.customerId, entry.entries]),
    ).toEqual([
      ['history', 'answered', 'auditor@partner.example', customerId, 1],
      ['state', 'answered', 'auditor@partner.example', customerId, 1],
      ['export', 'answered', 'auditor@partner.example', undefined, 1],
      ['verification', 'answered', 'auditor@partner.example', undefined, 1],
      ['state', 'refused', 'sales@partner.example', customerId, 0],
    ]);
    expect(ours.entries[2].period).toEqual({ from: expect.any(String), to: expect.any(String) });
    const theirs = (await request('GET', `/audit/access-log?${PERIOD()}`, strangerAuditor)).body;
    expect(theirs.entries).toEqual([expect.objectContaining({ read: 'history', outcome: 'refused', customerId, code: 20002 })]);
    // Reading the log was a read too.
    const again = (await request('GET', `/audit/access-log?${PERIOD()}`, asAuditor)).body;
    expect(again.entries.at(-1)).toMatchObject({ read: 'access-log', outcome: 'answered', entries: 5 });

    // Whoever empties the collection does not empty the topic.
    await system.db.collection('access_log').deleteMany({});
    await eventually(() => expect(recorder.on(topicsFor(system.topicPrefix).accessLog).length).toBeGreaterThanOrEqual(8));
    expect(recorder.on(topicsFor(system.topicPrefix).accessLog).filter((message) => message.value.outcome === 'refused')).toHaveLength(2);
  });
});
