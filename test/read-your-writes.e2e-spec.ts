import { actor, eventually, httpClient, identityHeaders, newCustomerId, OTHER_PARTNER_ID, registerBody } from '@app/testing';
import { RunningSystem, startSystem } from './support';

describe('Reading your own writes', () => {
  let system: RunningSystem;
  const request = () => httpClient(system.baseUrl);
  beforeAll(async () => {
    process.env.READ_YOUR_WRITES_WAIT_MS = '500';
    system = await startSystem();
  });
  afterAll(async () => {
    delete process.env.READ_YOUR_WRITES_WAIT_MS;
    await system?.stop();
  });

  it('never shows less than the version a write answered, read at once with X-Min-Version, many times over', async () => {
    const customerId = newCustomerId();
    const registered = await request()('POST', '/customers', { body: registerBody(customerId) });
    expect(registered.status).toBe(201);
    const first = await request()('GET', `/customers/${customerId}`, { headers: { 'X-Min-Version': String(registered.body.version) } });
    expect(first).toMatchObject({ status: 200, body: { version: 1 } });
    const seen: string[] = [];
    for (let round = 1; round <= 25; round++) {
      const written = await request()('PATCH', `/customers/${customerId}/company-profile`, {
        headers: { 'If-Match': '*' },
        body: { companyName: `Contoso ${round}` },
      });
      expect(written.status).toBe(200);
      const [account, permissions] = await Promise.all([
        request()('GET', `/customers/${customerId}`, { headers: { 'X-Min-Version': String(written.body.version) } }),
        request()('GET', `/customers/${customerId}/purchase-permissions`, { headers: { 'X-Min-Version': String(written.body.version) } }),
      ]);
      if (account.body.version < written.body.version || account.body.companyProfile.companyName !== `Contoso ${round}`)
        seen.push(`round ${round}: wrote version ${written.body.version}, read ${account.body.version}`);
      if (permissions.body.version < written.body.version) seen.push(`round ${round}: permissions at ${permissions.body.version}`);
      expect(account.headers.get('etag')).toBe(`"${account.body.version}"`);
    }
    expect(seen).toEqual([]);
  });

  it('answers from the event store when the read model stays behind, and refuses a version no write made', async () => {
    const customerId = newCustomerId();
    expect((await request()('POST', '/customers', { body: registerBody(customerId) })).status).toBe(201);
    await eventually(async () => expect((await request()('GET', `/customers/${customerId}`)).status).toBe(200));
    await system.projector!.close();
    system.projector = undefined;
    const written = await request()('PATCH', `/customers/${customerId}/company-profile`, {
      headers: { 'If-Match': '*' },
      body: { companyName: 'Fabrikam' },
    });
    const read = await request()('GET', `/customers/${customerId}`, { headers: { 'X-Min-Version': String(written.body.version) } });
    expect(read.status).toBe(200);
    expect(read.headers.get('x-served-from')).toBe('event-store');
    expect(read.body).toMatchObject({ version: 2, companyProfile: { companyName: 'Fabrikam' } });
    // Without the header the read model answers, as it is.
    expect((await request()('GET', `/customers/${customerId}`)).body.version).toBe(1);

    expect((await request()('GET', `/customers/${customerId}`, { headers: { 'X-Min-Version': '99' } })).body).toMatchObject({
      status: 412,
      code: 2055,
    });
    for (const value of ['0', '-1', 'two', '1e3', '9999999999'])
      expect((await request()('GET', `/customers/${customerId}`, { headers: { 'X-Min-Version': value } })).body).toMatchObject({
        status: 400,
        errors: [{ field: 'X-Min-Version' }],
      });
    // Another partner learns nothing by waiting: 403 as without the header.
    const other = { anonymous: true, headers: { ...identityHeaders(actor({ partnerId: OTHER_PARTNER_ID })), 'X-Min-Version': '2' } };
    expect((await request()('GET', `/customers/${customerId}`, other)).body).toMatchObject({ status: 403, code: 20002 });
    expect((await request()('GET', `/customers/${newCustomerId()}`, { headers: { 'X-Min-Version': '1' } })).status).toBe(404);
  });
});
