import { LoggedResult, PartnerHistory } from '@app/audit';
import { CommandLog } from '@app/event-store';
import { actor, eventStoreFor, httpClient, identityHeaders, newCustomerId, OTHER_PARTNER_ID, PARTNER_ID, registerBody } from '@app/testing';
import fc from 'fast-check';
import { RunningSystem, startSystem } from './support';

const auditor = { anonymous: true, headers: identityHeaders(actor({ roles: ['Auditor'] })) };
const otherAuditor = { anonymous: true, headers: identityHeaders(actor({ roles: ['Auditor'], partnerId: OTHER_PARTNER_ID })) };
const otherAdmin = { anonymous: true, headers: identityHeaders(actor({ partnerId: OTHER_PARTNER_ID })) };
const key = (entry: any) => `${entry.customerId}:${entry.outcome}:${entry.version ?? entry.commandId}`;

describe("A partner's history across its customers", () => {
  let system: RunningSystem;
  const customers: string[] = [];
  const period = `from=${new Date(Date.now() - 3600_000).toISOString()}&to=${new Date(Date.now() + 3600_000).toISOString()}`;
  const request = () => httpClient(system.baseUrl);

  beforeAll(async () => {
    system = await startSystem();
    for (let i = 0; i < 6; i++) {
      const customerId = newCustomerId();
      customers.push(customerId);
      expect((await request()('POST', '/customers', { body: registerBody(customerId) })).status).toBe(201);
      const update = { headers: { 'If-Match': '*' }, body: { companyName: `Contoso ${i}` } };
      expect((await request()('PATCH', `/customers/${customerId}/company-profile`, update)).status).toBe(200);
    }
    // A rejection of one of our senders, and another partner's own customer.
    expect(
      (await request()('PATCH', `/customers/${customers[0]}/billing-profile`, { headers: { 'If-Match': '*' }, body: { email: 'no' } }))
        .status,
    ).toBe(400);
    expect((await request()('POST', '/customers', { ...otherAdmin, body: registerBody(newCustomerId()) })).status).toBe(201);
  });
  afterAll(() => system?.stop());

  async function allPages(query: string, limit: number): Promise<any[]> {
    const entries: any[] = [];
    let token: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await request()(
        'GET',
        `/audit/partner-history?${period}&limit=${limit}${query}${token ? `&pageToken=${token}` : ''}`,
        auditor,
      );
      expect(page.status).toBe(200);
      entries.push(...page.body.entries);
      token = page.body.nextPageToken;
      if (!token) return entries;
    }
    throw new Error('more than 100 pages');
  }

  it('holds every change and rejection of the partner once, in time order, however it is paged', async () => {
    const whole = await allPages('', 1000);
    expect(whole.filter((entry) => entry.outcome === 'accepted')).toHaveLength(12);
    expect(whole.filter((entry) => entry.outcome === 'rejected')).toHaveLength(1);
    expect(whole.map((entry) => entry.occurredAt)).toEqual([...whole.map((entry) => entry.occurredAt)].sort());
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 7 }), async (limit) => {
        expect((await allPages('', limit)).map(key)).toEqual(whole.map(key));
      }),
      { numRuns: 5 },
    );
  });

  it('merges its two sources right however little it reads ahead of each', async () => {
    const whole = await allPages('', 1000);
    const from = new Date(Date.now() - 3600_000).toISOString();
    const to = new Date(Date.now() + 3600_000).toISOString();
    for (const readAhead of [1, 2, 3]) {
      const history = new PartnerHistory(eventStoreFor(system.db), new CommandLog<LoggedResult>(system.db), readAhead);
      const entries: any[] = [];
      let token: string | undefined;
      do {
        const page = await history.page(PARTNER_ID, { from, to }, 4, token);
        entries.push(...page.entries);
        token = page.nextPageToken;
      } while (token);
      expect({ readAhead, keys: entries.map(key) }).toEqual({ readAhead, keys: whole.map(key) });
    }
  });

  it('keeps its pages when more is written between them: nothing twice, nothing skipped', async () => {
    const first = (await request()('GET', `/audit/partner-history?${period}&limit=5`, auditor)).body;
    const later = newCustomerId();
    expect((await request()('POST', '/customers', { body: registerBody(later) })).status).toBe(201);
    const rest: any[] = [];
    let token = first.nextPageToken;
    while (token) {
      const page = (await request()('GET', `/audit/partner-history?${period}&limit=5&pageToken=${token}`, auditor)).body;
      rest.push(...page.entries);
      token = page.nextPageToken;
    }
    const seen = [...first.entries, ...rest].map(key);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toContain(`${later}:accepted:1`);
    customers.push(later);
  });

  it('filters by customer, operation type, actor, field and outcome', async () => {
    expect((await allPages(`&customerId=${customers[1]}`, 10)).map(key)).toEqual([
      `${customers[1]}:accepted:1`,
      `${customers[1]}:accepted:2`,
    ]);
    const renames = await allPages('&operationType=update_customer_company_profile', 3);
    expect(renames).toHaveLength(6);
    expect(renames.every((entry) => entry.operationType === 'update_customer_company_profile')).toBe(true);
    expect(await allPages('&outcome=rejected', 10)).toEqual([expect.objectContaining({ customerId: customers[0], outcome: 'rejected' })]);
    expect(await allPages('&actor=nobody@partner.example', 10)).toEqual([]);
    const emails = await allPages('&field=companyProfile.companyName&outcome=accepted', 4);
    expect(emails.every((entry) => entry.changes.every((change: any) => change.field === 'companyProfile.companyName'))).toBe(true);
  });

  it("shows another partner's auditor none of ours, and refuses a forged page token", async () => {
    const theirs = (await request()('GET', `/audit/partner-history?${period}`, otherAuditor)).body;
    expect(theirs.entries).toHaveLength(1);
    expect(theirs.entries.map((entry: any) => entry.customerId)).not.toEqual(expect.arrayContaining([customers[0]]));
    for (const token of [
      'garbage',
      Buffer.from('[1,"commit",{"$gt":""}]').toString('base64url'),
      Buffer.from('["x"]').toString('base64url'),
    ]) {
      const answer = await request()('GET', `/audit/partner-history?${period}&pageToken=${token}`, auditor);
      expect({ token, status: answer.status, field: answer.body.errors?.[0]?.field }).toEqual({
        token,
        status: 400,
        field: 'query.pageToken',
      });
    }
  });
});
