import {
  actor,
  billingProfile,
  eventStoreFor,
  eventually,
  httpClient,
  identityHeaders,
  newCustomerId,
  operator,
  OTHER_PARTNER_ID,
  registerBody,
} from '@app/testing';
import { RunningSystem, startSystem } from './support';

// The command side over HTTP, through the real Kafka broker and FerretDB into the read model.
describe('HTTP commands, end to end', () => {
  let system: RunningSystem;
  let request: ReturnType<typeof httpClient>;

  beforeAll(async () => {
    system = await startSystem();
    request = httpClient(system.baseUrl);
  });
  afterAll(() => system?.stop());

  const commitsOf = (customerId: string) => system.db.collection('event_commits').find({ customerId }).toArray();
  const readModelOf = (customerId: string) => system.db.collection('customer_accounts').findOne({ _id: customerId as never });

  async function register(customerId = newCustomerId()) {
    const response = await request('POST', '/customers', { body: registerBody(customerId) });
    expect(response.status).toBe(201);
    return customerId;
  }

  /** Reads the account once the projector has reached `version`. */
  async function accountAt(customerId: string, version: number) {
    return eventually(async () => {
      const response = await request('GET', `/customers/${customerId}`);
      expect(response.status).toBe(200);
      expect(response.body.version).toBe(version);
      return response;
    });
  }

  it('registers a customer, updates it, and serves the projected account with its ETag', async () => {
    const customerId = newCustomerId();
    const created = await request('POST', '/customers', { body: registerBody(customerId) });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.headers.get('location')).toBe(`/customers/${customerId}`);
    expect(created.body).toMatchObject({ outcome: 'accepted', version: 1, events: [{ type: 'CustomerRegistered', version: 1 }] });

    const first = await accountAt(customerId, 1);
    expect(first.headers.get('etag')).toBe('"1"');

    const updated = await request('PATCH', `/customers/${customerId}/billing-profile`, {
      headers: { 'If-Match': '"1"', 'Content-Type': 'application/merge-patch+json' },
      body: { email: 'billing@contoso.com', defaultAddress: { city: 'Seattle', postalCode: '98101' } },
    });
    expect(updated.status).toBe(200);
    expect(updated.headers.get('etag')).toBe('"2"');

    const second = await accountAt(customerId, 2);
    expect(second.body.billingProfile).toEqual(
      billingProfile({
        email: 'billing@contoso.com',
        defaultAddress: { ...billingProfile().defaultAddress, city: 'Seattle', postalCode: '98101' },
      }),
    );
    // The read model in MongoDB itself, not only what the API says of it.
    expect(await readModelOf(customerId)).toMatchObject({ version: 2, billingProfile: { email: 'billing@contoso.com' } });
    const [, change] = await eventStoreFor(system.db).readStream(customerId);
    expect(change.type === 'BillingProfileUpdated' && change.data.changes).toEqual([
      { field: 'defaultAddress.city', oldValue: 'Redmond', newValue: 'Seattle' },
      { field: 'defaultAddress.postalCode', oldValue: '98052', newValue: '98101' },
      { field: 'email', oldValue: 'alex@contoso.com', newValue: 'billing@contoso.com' },
    ]);
  });

  it('replaces the billing profile, patches company details, grants and revokes permissions', async () => {
    const customerId = await register();
    const put = await request('PUT', `/customers/${customerId}/billing-profile`, {
      headers: { 'If-Match': '"1"' },
      body: billingProfile({ lastName: 'Smith' }),
    });
    expect(put.status).toBe(200);
    const company = await request('PATCH', `/customers/${customerId}/company-profile`, {
      headers: { 'If-Match': '"2"' },
      body: { companyName: 'Contoso Ltd' },
    });
    expect(company.status).toBe(200);
    const grant = await request('PUT', `/customers/${customerId}/purchase-permissions/AzureReservedInstances`, {
      headers: { 'If-Match': '"3"' },
    });
    expect(grant.status).toBe(200);
    expect(grant.body.events).toEqual([expect.objectContaining({ type: 'PurchasePermissionGranted', version: 4 })]);
    const regrant = await request('PUT', `/customers/${customerId}/purchase-permissions/AzureReservedInstances`, {
      headers: { 'If-Match': '"4"' },
    });
    expect(regrant.body).toMatchObject({ outcome: 'accepted', version: 4, events: [] });
    await accountAt(customerId, 4);
    const permissions = await request('GET', `/customers/${customerId}/purchase-permissions`, {
      headers: identityHeaders(actor({ roles: ['SalesAgent'] })),
    });
    expect(permissions.body).toEqual({
      customerId,
      purchasePermissions: [{ resource: 'AzureReservedInstances', action: 'Purchase' }],
      version: 4,
    });

    const revoke = await request('DELETE', `/customers/${customerId}/purchase-permissions/AzureReservedInstances`, {
      headers: { 'If-Match': '*' },
    });
    expect(revoke.status).toBe(200);
    const account = await accountAt(customerId, 5);
    expect(account.body).toMatchObject({
      purchasePermissions: [],
      companyProfile: { companyName: 'Contoso Ltd' },
      billingProfile: { lastName: 'Smith' },
    });
  });

  describe('refuses bad input with problem details, and appends nothing', () => {
    let customerId: string;
    beforeAll(async () => {
      customerId = await register();
    });
    afterEach(async () => {
      expect(await commitsOf(customerId)).toHaveLength(1);
    });

    const patch = (body: unknown, headers: Record<string, string> = {}) =>
      request('PATCH', `/customers/${customerId}/billing-profile`, { headers: { 'If-Match': '"1"', ...headers }, body });

    it('an unknown field, named', async () => {
      const response = await patch({ emial: 'x@contoso.com' });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 400, code: 3000, errors: [{ field: 'emial', reason: 'is not a known field' }] });
    });

    it('a wrong type, named', async () => {
      const response = await patch({ defaultAddress: { postalCode: 98052 } });
      expect(response.body).toMatchObject({
        status: 400,
        code: 3000,
        errors: [{ field: 'defaultAddress.postalCode', reason: 'must be a string' }],
      });
    });

    it('an operator where a value belongs', async () => {
      const response = await patch({ email: { $gt: '' } });
      expect(response.body).toMatchObject({ status: 400, errors: [{ field: 'email.$gt', reason: 'is not an allowed field name' }] });
    });

    it('a broken business rule, with its Partner Center code', async () => {
      const response = await patch({ defaultAddress: { country: 'RU', state: null, postalCode: '101000' } });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'billingProfile.defaultAddress.phoneNumber', code: 600051 })]),
      );
    });

    it('malformed JSON', async () => {
      const response = await request('PATCH', `/customers/${customerId}/billing-profile`, {
        headers: { 'If-Match': '"1"' },
        rawBody: '{"email": ',
      });
      expect(response.body).toMatchObject({
        status: 400,
        code: 800002,
        detail: expect.stringMatching(/^The request could not be read: .*JSON/),
      });
    });

    it('an oversized body', async () => {
      const response = await patch({ companyName: 'x'.repeat(70 * 1024) });
      expect(response.status).toBe(413);
      expect(response.body).toMatchObject({ status: 413, code: 800002 });
    });

    it('invalid UTF-8, refused rather than stored as replacement characters', async () => {
      const rawBody = Buffer.concat([Buffer.from('{"firstName": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
      const response = await request('PATCH', `/customers/${customerId}/billing-profile`, { headers: { 'If-Match': '"1"' }, rawBody });
      expect(response.body).toMatchObject({ status: 400, code: 800002, detail: 'The body is not valid UTF-8' });
    });

    it('deeply nested JSON, and prototype keys at any depth', async () => {
      const deep = `{"defaultAddress": ${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
      expect(
        (await request('PATCH', `/customers/${customerId}/billing-profile`, { headers: { 'If-Match': '"1"' }, rawBody: deep })).body,
      ).toMatchObject({ status: 400, errors: [{ reason: expect.stringMatching(/nests deeper than 8 levels|is not a known field/) }] });
      const polluted = await request('PATCH', `/customers/${customerId}/billing-profile`, {
        headers: { 'If-Match': '"1"' },
        rawBody: '{"defaultAddress": {"__proto__": {"admin": true}}}',
      });
      expect(polluted.body).toMatchObject({
        status: 400,
        errors: [{ field: 'defaultAddress.__proto__', reason: 'is not an allowed field name' }],
      });
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
    });

    it('an operator in a query string', async () => {
      const auditor = identityHeaders(actor({ roles: ['Auditor'] }));
      const response = await request('GET', `/audit/customers/${customerId}/history?actor[$ne]=x`, { anonymous: true, headers: auditor });
      expect(response.body).toMatchObject({ status: 400, errors: [{ field: 'query.actor[$ne]', reason: 'is not a known field' }] });
    });

    it('a huge string in every field, each named, and nothing stored', async () => {
      const huge = 'x'.repeat(5_000); // ten of them stay under the 64 KiB body limit
      const fields = ['firstName', 'lastName', 'email', 'culture', 'language', 'companyName'];
      const response = await patch({
        ...Object.fromEntries(fields.map((field) => [field, huge])),
        defaultAddress: { addressLine1: huge, city: huge, postalCode: huge, phoneNumber: huge },
      });
      expect(response.status).toBe(400);
      const named = response.body.errors.map((error: { field: string }) => error.field);
      for (const field of [
        ...fields,
        'defaultAddress.addressLine1',
        'defaultAddress.city',
        'defaultAddress.postalCode',
        'defaultAddress.phoneNumber',
      ])
        expect(named).toContain(`billingProfile.${field}`);
      expect(JSON.stringify(response.body).length).toBeLessThan(8_000); // errors name fields, never echo values
      expect(await commitsOf(customerId)).toHaveLength(1);
    });

    it('a missing If-Match (428) and a stale one (412)', async () => {
      const missing = await request('PATCH', `/customers/${customerId}/billing-profile`, { body: { firstName: 'Sam' } });
      expect(missing.status).toBe(428);
      const stale = await patch({ firstName: 'Sam' }, { 'If-Match': '"7"' });
      expect(stale.body).toMatchObject({ status: 412, code: 2055 });
    });

    it('no credentials (401), a role without the right (403), another partner (403)', async () => {
      expect(
        (await request('PATCH', `/customers/${customerId}/billing-profile`, { anonymous: true, headers: { 'If-Match': '"1"' }, body: {} }))
          .body,
      ).toMatchObject({ status: 401, code: 800001 });
      const auditor = await patch({ firstName: 'Sam' }, identityHeaders(actor({ roles: ['Auditor'] })));
      expect(auditor.body).toMatchObject({ status: 403, code: 900150 });
      const stranger = await patch({ firstName: 'Sam' }, identityHeaders(actor({ partnerId: OTHER_PARTNER_ID })));
      expect(stranger.body).toMatchObject({ status: 403, code: 20002 });
      expect(
        (await request('GET', `/customers/${customerId}`, { headers: identityHeaders(actor({ partnerId: OTHER_PARTNER_ID })) })).status,
      ).toBe(403);
    });
  });

  it('answers 404 for an unknown customer and 409 for registering one twice', async () => {
    const unknown = newCustomerId();
    expect((await request('GET', `/customers/${unknown}`)).body).toMatchObject({ status: 404, code: 60003 });
    expect(
      (await request('PATCH', `/customers/${unknown}`, { headers: { 'If-Match': '"1"' }, body: { companyProfile: { companyName: 'X' } } }))
        .body,
    ).toMatchObject({ status: 404, code: 60003 });
    const customerId = await register();
    expect((await request('POST', '/customers', { body: registerBody(customerId) })).body).toMatchObject({ status: 409, code: 600041 });
  });

  it('returns the first result to a retry with the same MS-RequestId and changes nothing', async () => {
    const customerId = await register();
    const send = () =>
      request('PATCH', `/customers/${customerId}`, {
        headers: { 'If-Match': '"1"', 'MS-RequestId': `retry-${customerId}` },
        body: { billingProfile: { firstName: 'Sam' } },
      });
    const first = await send();
    const retry = await send();
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await commitsOf(customerId)).toHaveLength(2);
  });

  it('answers a retry with the first result where deciding it again would now give another, accepted or rejected', async () => {
    const customerId = await register();
    const update = (requestId: string, companyName: string, ifMatch = '*') =>
      request('PATCH', `/customers/${customerId}/company-profile`, {
        headers: { 'If-Match': ifMatch, 'MS-RequestId': `${requestId}-${customerId}` },
        body: { companyName },
      });
    const accepted = await update('first', 'Fabrikam');
    expect(accepted.status).toBe(200);
    expect((await update('second', 'Northwind')).status).toBe(200);
    // Decided again now, it would change the name back and commit version 4.
    const acceptedRetry = await update('first', 'Fabrikam');
    expect(acceptedRetry.body).toEqual(accepted.body);
    expect(acceptedRetry.headers.get('idempotent-replayed')).toBe('true');

    const rejected = await update('stale', 'Tailspin', '"1"');
    expect(rejected.status).toBe(412);
    const rejectedRetry = await update('stale', 'Tailspin', '"3"');
    expect(rejectedRetry.status).toBe(412);
    expect(rejectedRetry.body).toEqual(rejected.body);
    expect(await commitsOf(customerId)).toHaveLength(3);
    expect(await system.db.collection('command_log').countDocuments({ customerId })).toBe(1);
  });

  it('refuses an MS-RequestId used before for another command, whatever the first one’s outcome', async () => {
    const customerId = await register();
    const other = await register();
    const requestId = `reused-${customerId}`;
    expect(
      (
        await request('PATCH', `/customers/${customerId}/company-profile`, {
          headers: { 'If-Match': '*', 'MS-RequestId': requestId },
          body: { companyName: 'Fabrikam' },
        })
      ).status,
    ).toBe(200);
    const anotherType = await request('PUT', `/customers/${customerId}/purchase-permissions/AzureSavingsPlan`, {
      headers: { 'If-Match': '*', 'MS-RequestId': requestId },
    });
    expect(anotherType.status).toBe(409);
    expect(anotherType.body).toMatchObject({
      status: 409,
      code: 800002,
      detail: expect.stringContaining('already used for UpdateCustomerDetails'),
    });
    expect(anotherType.headers.get('idempotent-replayed')).toBeNull();
    const anotherCustomer = await request('PATCH', `/customers/${other}/company-profile`, {
      headers: { 'If-Match': '*', 'MS-RequestId': requestId },
      body: { companyName: 'Fabrikam' },
    });
    expect(anotherCustomer.status).toBe(409);
    // A rejected first command holds its id just the same.
    const stale = `stale-${customerId}`;
    expect(
      (
        await request('PATCH', `/customers/${customerId}/company-profile`, {
          headers: { 'If-Match': '"1"', 'MS-RequestId': stale },
          body: { companyName: 'Tailspin' },
        })
      ).status,
    ).toBe(412);
    expect(
      (
        await request('DELETE', `/customers/${customerId}/purchase-permissions/AzureSavingsPlan`, {
          headers: { 'If-Match': '*', 'MS-RequestId': stale },
        })
      ).status,
    ).toBe(409);
    expect(await commitsOf(customerId)).toHaveLength(2);
    expect(await commitsOf(other)).toHaveLength(1);
  });

  it('lets exactly one of two racing updates with the same If-Match through, across two instances', async () => {
    const second = await system.startService();
    const other = httpClient(await second.getUrl());
    const customerId = await register();
    const responses = await Promise.all(
      [request, other, request, other].map((client, i) =>
        client('PATCH', `/customers/${customerId}/billing-profile`, { headers: { 'If-Match': '"1"' }, body: { firstName: `Racer${i}` } }),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 412, 412, 412]);
    expect(await commitsOf(customerId)).toHaveLength(2);
  });

  it('never answers from an instance whose copy of the account another instance made stale', async () => {
    const second = httpClient(await (system.services[1] ?? (await system.startService())).getUrl());
    const customerId = await register();
    const grant = (client: typeof request) =>
      client('PUT', `/customers/${customerId}/purchase-permissions/AzureSavingsPlan`, { headers: { 'If-Match': '*' } });
    const revoke = (client: typeof request) =>
      client('DELETE', `/customers/${customerId}/purchase-permissions/AzureSavingsPlan`, { headers: { 'If-Match': '*' } });
    expect((await grant(request)).body.version).toBe(2); // this instance now remembers: granted, version 2
    expect((await revoke(second)).body.version).toBe(3); // the other revokes it
    // Decided on the remembered copy, granting again would be a no-op; it must be a grant at version 4.
    expect((await grant(request)).body).toMatchObject({ outcome: 'accepted', version: 4, events: [{ type: 'PurchasePermissionGranted' }] });
    const stale = await request('PATCH', `/customers/${customerId}/company-profile`, {
      headers: { 'If-Match': '"4"' },
      body: { companyName: 'X' },
    });
    expect(stale.status).toBe(200);
  });

  it('reports how far Kafka and the read model trail the event store, per partition', async () => {
    const customerId = await register();
    await accountAt(customerId, 1);
    // Figures over every partner's traffic: an operator's, not a partner's.
    expect((await request('GET', '/pipeline/lag')).body).toMatchObject({ status: 403, code: 900150 });
    const lag = await eventually(async () => {
      const response = await request('GET', '/pipeline/lag', { anonymous: true, headers: identityHeaders(operator()) });
      expect(response.status).toBe(200);
      // Shards publish side by side, so an earlier test's commit may still wait in another shard.
      expect(response.body.outbox).toEqual({ unpublishedCommits: 0, oldestSeconds: 0 });
      expect(response.body.projector.partitions.every((p: { eventsBehind: number }) => p.eventsBehind === 0)).toBe(true);
      return response.body;
    });
    expect(lag.projector.partitions).toHaveLength(3);
    expect(lag.projector.partitions[0]).toEqual({
      partition: 0,
      endOffset: expect.any(String),
      committedOffset: expect.any(String),
      eventsBehind: 0,
      secondsBehind: 0,
    });
  });

  it('answers 503 with Retry-After beyond its limit of commands under way, having decided nothing it turned away', async () => {
    process.env.MAX_HTTP_COMMANDS_IN_FLIGHT = '2';
    let limitedUrl: string;
    try {
      limitedUrl = await (await system.startService()).getUrl();
    } finally {
      delete process.env.MAX_HTTP_COMMANDS_IN_FLIGHT;
    }
    const limited = httpClient(limitedUrl);
    const customers = await Promise.all(Array.from({ length: 16 }, () => register()));
    const rename = (customerId: string) =>
      limited('PATCH', `/customers/${customerId}/company-profile`, {
        headers: { 'If-Match': '*', 'MS-RequestId': `limited-${customerId}` },
        body: { companyName: 'Limited' },
      });

    const responses = await Promise.all(customers.map(rename));

    const turnedAway = responses.flatMap((response, i) => (response.status === 503 ? [{ response, customerId: customers[i] }] : []));
    expect(turnedAway.length).toBeGreaterThan(0);
    expect(responses.filter((response) => response.status === 200)).toHaveLength(customers.length - turnedAway.length);
    expect(turnedAway[0].response.headers.get('retry-after')).toBe('1');
    expect(turnedAway[0].response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(turnedAway[0].response.body).toMatchObject({
      status: 503,
      type: 'urn:customer-account:problem:unavailable',
      detail: expect.stringContaining('its limit'),
    });
    for (const [i, response] of responses.entries()) expect(await commitsOf(customers[i])).toHaveLength(response.status === 200 ? 2 : 1);
    const metrics = await (await fetch(`${limitedUrl}/metrics`)).text();
    expect(metrics).toContain(`customer_account_commands_turned_away_total ${turnedAway.length}\n`);
    // Sent again once the instance has room, the same request is decided, once.
    expect((await rename(turnedAway[0].customerId)).status).toBe(200);
    expect(await commitsOf(turnedAway[0].customerId)).toHaveLength(2);
  });
});
