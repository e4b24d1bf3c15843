import { actor, httpClient, identityHeaders, newCustomerId, OTHER_PARTNER_ID, registerBody } from '@app/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunningSystem, startSystem } from './support';

/** A fixture of test/fixtures/partner-center, with the registered customer in its placeholders. */
function fixture(name: string, customerId = ''): any {
  const text = readFileSync(join(__dirname, 'fixtures', 'partner-center', name), 'utf8');
  return JSON.parse(text.replaceAll('<customer-tenant-id>', customerId));
}

const PARTNER_CENTER_ERROR = {
  code: expect.any(Number),
  description: expect.any(String),
  data: expect.any(Array),
  source: 'customer-account',
};

describe("Partner Center's routes under /v1", () => {
  let system: RunningSystem;
  let request: ReturnType<typeof httpClient>;
  beforeAll(async () => {
    system = await startSystem();
    request = httpClient(system.baseUrl);
  });
  afterAll(() => system?.stop());

  async function registered(): Promise<string> {
    const customerId = newCustomerId();
    expect((await request('POST', '/customers', { body: registerBody(customerId) })).status).toBe(201);
    // Read one's own write, so that every read below finds the account in the read model.
    expect((await request('GET', `/customers/${customerId}`, { headers: { 'X-Min-Version': '1' } })).status).toBe(200);
    return customerId;
  }
  const billing = (customerId: string) => `/v1/customers/${customerId}/profiles/billing`;

  it("serves the billing and company profiles in Partner Center's resource shape", async () => {
    const customerId = await registered();
    const read = await request('GET', billing(customerId), { headers: { 'X-Min-Version': '1' } });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(fixture('billing-profile.response.json', customerId));
    expect(read.headers.get('etag')).toBe('"1"');
    const company = await request('GET', `/v1/customers/${customerId}/profiles/company`, { headers: { 'X-Min-Version': '1' } });
    expect(company).toMatchObject({ status: 200, body: fixture('company-profile.response.json', customerId) });
  });

  it('takes the documented read-modify-write: GET, change, PUT the resource back with its id, links and attributes', async () => {
    const customerId = await registered();
    const read = await request('GET', billing(customerId), { headers: { 'X-Min-Version': '1' } });
    // A permission granted meanwhile leaves the billing profile's ETag valid.
    expect(
      (await request('PUT', `/customers/${customerId}/purchase-permissions/AzureSavingsPlan`, { headers: { 'If-Match': '*' } })).status,
    ).toBe(200);
    const written = await request('PUT', billing(customerId), { body: { ...read.body, email: 'ap@contoso.com' } });
    expect(written).toMatchObject({ status: 200, body: { id: customerId, email: 'ap@contoso.com', attributes: { etag: '"3"' } } });
    expect(written.headers.get('etag')).toBe('"3"');

    // The same body again carries the old ETag, and the profile has changed since.
    const stale = await request('PUT', billing(customerId), { body: { ...read.body, email: 'late@contoso.com' } });
    expect(stale.status).toBe(412);
    expect(stale.body).toEqual({ ...PARTNER_CENTER_ERROR, code: 2055 });
    expect(stale.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it("takes Partner Center's request example, property names in Pascal case", async () => {
    const customerId = await registered();
    const written = await request('PUT', billing(customerId), { body: fixture('update-billing-profile.request.json', customerId) });
    expect(written).toMatchObject({
      status: 200,
      body: {
        email: 'billing@contoso.com',
        defaultAddress: { phoneNumber: '4255550100' },
        attributes: { objectType: 'CustomerBillingProfile' },
      },
    });
    expect(written.body.defaultAddress).not.toHaveProperty('region');
  });

  it("answers errors in Partner Center's error body, naming the field and never its value", async () => {
    const customerId = await registered();
    const invalid = await request('PUT', billing(customerId), {
      headers: { 'If-Match': '*' },
      body: { ...fixture('billing-profile.response.json', customerId), email: 'not an address' },
    });
    expect(invalid).toMatchObject({
      status: 400,
      body: { ...PARTNER_CENTER_ERROR, code: 3000, data: ['billingProfile.email: must be an email address'] },
    });
    expect(JSON.stringify(invalid.body)).not.toContain('not an address');
    const missing = await request('GET', billing(newCustomerId()));
    expect(missing).toMatchObject({ status: 404, body: { ...PARTNER_CENTER_ERROR, code: 60003 } });
  });

  it('refuses what an attacker would try: another customer in the body, another partner, no token, one field twice', async () => {
    const customerId = await registered();
    const victim = await registered();
    const resource = fixture('billing-profile.response.json', customerId);
    const crossed = await request('PUT', billing(victim), { headers: { 'If-Match': '*' }, body: { ...resource, email: 'x@evil.example' } });
    expect(crossed).toMatchObject({ status: 400, body: { ...PARTNER_CENTER_ERROR, code: 800002 } });

    const otherPartner = identityHeaders(actor({ partnerId: OTHER_PARTNER_ID, roles: ['GlobalAdmin'] }));
    const foreignRead = await request('GET', billing(customerId), { headers: otherPartner });
    expect(foreignRead).toMatchObject({ status: 403, body: { ...PARTNER_CENTER_ERROR, code: 20002 } });
    const foreignWrite = await request('PUT', billing(customerId), {
      headers: { ...otherPartner, 'If-Match': '*' },
      body: { ...resource, id: undefined, email: 'x@evil.example' },
    });
    expect(foreignWrite).toMatchObject({ status: 403, body: { code: 20002 } });

    const anonymous = await request('GET', billing(customerId), { anonymous: true });
    expect(anonymous).toMatchObject({ status: 401, body: { ...PARTNER_CENTER_ERROR, code: 800001 } });
    const twice = await request('PUT', billing(customerId), {
      headers: { 'If-Match': '*' },
      rawBody: JSON.stringify(resource).replace('"email":', '"Email":"x@evil.example","email":'),
    });
    expect(twice).toMatchObject({ status: 400, body: { ...PARTNER_CENTER_ERROR, code: 800002 } });

    const after = await request('GET', billing(customerId));
    expect(after.body.email).toBe('alex@contoso.com');
    expect((await request('GET', billing(victim))).body.email).toBe('alex@contoso.com');
  });

  it("serves the purchase permissions as Partner Center's self-serve policy, and another partner's as nothing of theirs", async () => {
    const customerId = await registered();
    const policies = (minVersion: string, headers: Record<string, string> = {}) =>
      request('GET', `/v1/SelfServePolicy?entity_id=${customerId}`, { headers: { 'X-Min-Version': minVersion, ...headers } });
    expect(await policies('1')).toMatchObject({ status: 200, body: { totalCount: 0, items: [] } });
    expect(
      (await request('PUT', `/customers/${customerId}/purchase-permissions/AzureReservedInstances`, { headers: { 'If-Match': '*' } }))
        .status,
    ).toBe(200);
    const granted = await policies('2');
    expect(granted.status).toBe(200);
    expect(granted.body).toEqual(fixture('self-serve-policies.response.json', customerId));

    const otherPartner = identityHeaders(actor({ partnerId: OTHER_PARTNER_ID, roles: ['GlobalAdmin'] }));
    expect(await policies('2', otherPartner)).toMatchObject({ status: 403, body: { ...PARTNER_CENTER_ERROR, code: 20002 } });
    const unknown = await request('GET', `/v1/SelfServePolicy?entity_id=${newCustomerId()}`);
    expect(unknown).toMatchObject({ status: 200, body: { totalCount: 0, items: [] } });
    expect(await request('GET', '/v1/SelfServePolicy?entity_id=not-a-guid')).toMatchObject({ status: 400, body: PARTNER_CENTER_ERROR });
  });

  it('creates, replaces and deletes a self-serve policy, each in one decision', async () => {
    const customerId = await registered();
    const created = await request('POST', '/v1/SelfServePolicy', { body: fixture('create-self-serve-policy.request.json', customerId) });
    expect(created).toMatchObject({
      status: 201,
      body: { id: customerId, permissions: [{ resource: 'AzureReservedInstances' }, { resource: 'AzureSavingsPlan' }] },
    });
    // Two grants, one decision: versions 2 and 3.
    expect(created.body.attributes.etag).toBe('"3"');

    const replaced = await request('PUT', `/v1/SelfServePolicy/${customerId}`, {
      body: { ...created.body, permissions: [{ action: 'Purchase', resource: 'AzureSavingsPlan' }] },
    });
    expect(replaced).toMatchObject({
      status: 200,
      body: { permissions: [{ action: 'Purchase', resource: 'AzureSavingsPlan' }], attributes: { etag: '"4"' } },
    });
    // The ETag the first answer carried is stale now.
    const stale = await request('PUT', `/v1/SelfServePolicy/${customerId}`, { body: created.body });
    expect(stale).toMatchObject({ status: 412, body: { ...PARTNER_CENTER_ERROR, code: 2055 } });

    const deleted = await request('DELETE', `/v1/SelfServePolicy/${customerId}`, { headers: { 'If-Match': '"4"' } });
    expect(deleted.status).toBe(204);
    const none = await request('GET', `/v1/SelfServePolicy?entity_id=${customerId}`, { headers: { 'X-Min-Version': '5' } });
    expect(none.body).toMatchObject({ totalCount: 0, items: [] });

    const history = await request('GET', `/audit/customers/${customerId}/history`, {
      headers: identityHeaders(actor({ roles: ['Auditor'] })),
    });
    const operations = history.body.entries
      .filter((entry: any) => entry.operationType?.includes('self_serve'))
      .map((entry: any) => entry.operationType);
    expect(operations).toEqual([
      'create_self_serve_policy',
      'create_self_serve_policy',
      'update_self_serve_policy',
      'delete_self_serve_policy',
    ]);
  });

  it('refuses a policy an attacker shapes: another grantor, two customers, another partner, the wrong role, a made-up resource', async () => {
    const customerId = await registered();
    const policy = fixture('create-self-serve-policy.request.json', customerId);
    const refused = async (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
      request(method, path, { body, headers: { 'If-Match': '*', ...headers } });

    expect(
      await refused('POST', '/v1/SelfServePolicy', { ...policy, grantor: { grantorType: 'billToPartner', tenantID: OTHER_PARTNER_ID } }),
    ).toMatchObject({
      status: 400,
      body: { ...PARTNER_CENTER_ERROR, code: 800002 },
    });
    expect(await refused('PUT', `/v1/SelfServePolicy/${newCustomerId()}`, policy)).toMatchObject({ status: 400, body: { code: 800002 } });
    const otherPartner = actor({ partnerId: OTHER_PARTNER_ID, roles: ['GlobalAdmin'] });
    expect(
      await refused(
        'POST',
        '/v1/SelfServePolicy',
        { ...policy, grantor: { grantorType: 'billToPartner', tenantID: OTHER_PARTNER_ID } },
        identityHeaders(otherPartner),
      ),
    ).toMatchObject({ status: 403, body: { code: 20002 } });
    expect(await refused('POST', '/v1/SelfServePolicy', policy, identityHeaders(actor({ roles: ['SalesAgent'] })))).toMatchObject({
      status: 403,
      body: { code: 900150 },
    });
    expect(
      await refused('POST', '/v1/SelfServePolicy', { ...policy, permissions: [{ action: 'Purchase', resource: 'AzureEverything' }] }),
    ).toMatchObject({
      status: 400,
      body: { code: 3000, data: [expect.stringMatching(/^permissions\[0\]\.resource: must be one of/)] },
    });
    const untouched = await request('GET', `/v1/SelfServePolicy?entity_id=${customerId}`);
    expect(untouched.body).toMatchObject({ totalCount: 0 });
  });

  it("serves the partner's history as Partner Center's audit records, in continued pages, to auditors only", async () => {
    const startDate = new Date(Date.now() - 1000).toISOString();
    const customerId = await registered();
    const read = await request('GET', billing(customerId), { headers: { 'X-Min-Version': '1' } });
    expect((await request('PUT', billing(customerId), { body: { ...read.body, email: 'ap@contoso.com' } })).status).toBe(200);
    expect((await request('PUT', billing(customerId), { body: { ...read.body, email: 'late@contoso.com' } })).status).toBe(412);
    const companyName = `Fabrikam ${customerId.slice(0, 8)}`;
    expect(
      (await request('PATCH', `/customers/${customerId}/company-profile`, { headers: { 'If-Match': '*' }, body: { companyName } })).status,
    ).toBe(200);
    expect(
      (await request('POST', '/v1/SelfServePolicy', { body: fixture('create-self-serve-policy.request.json', customerId) })).status,
    ).toBe(201);
    // Another partner's admin tries to write it: refused, and on that partner's own records.
    const otherPartner = actor({ partnerId: OTHER_PARTNER_ID, roles: ['GlobalAdmin'] });
    const intruding = await request('PATCH', `/customers/${customerId}/company-profile`, {
      headers: { ...identityHeaders(otherPartner), 'If-Match': '*' },
      body: { companyName: 'Mine now' },
    });
    expect(intruding.status).toBe(403);

    const auditor = identityHeaders(actor({ roles: ['Auditor'] }));
    const byCustomer = encodeURIComponent(JSON.stringify({ field: 'CustomerId', value: customerId, operator: 'substring' }));
    const all = await request('GET', `/v1/auditrecords?startDate=${startDate}&filter=${byCustomer}`, { headers: auditor });
    expect(all.status).toBe(200);
    expect(all.body.items.map((record: any) => [record.operationType, record.operationStatus, record.resourceType])).toEqual([
      ['add_customer', 'succeeded', 'Customer'],
      ['update_customer_billing_profile', 'succeeded', 'Customer'],
      ['UpdateCustomerDetails', 'failed', 'Customer'],
      ['update_customer_company_profile', 'succeeded', 'Customer'],
      ['create_self_serve_policy', 'succeeded', 'SelfServePolicy'],
      ['create_self_serve_policy', 'succeeded', 'SelfServePolicy'],
    ]);
    expect(all.body.items[1]).toMatchObject({
      customerId,
      partnerId: actor().partnerId,
      customerName: companyName,
      userPrincipalName: actor().userPrincipalName,
      resourceOldValue: JSON.stringify({ 'billingProfile.email': 'alex@contoso.com' }),
      resourceNewValue: JSON.stringify({ 'billingProfile.email': 'ap@contoso.com' }),
      originalCorrelationId: expect.any(String),
      attributes: { objectType: 'AuditRecord' },
    });
    expect(all.body.items[2].customizedData).toContainEqual({ key: 'ErrorCode', value: '2055' });

    // One record a page: following links.next gives the same records, each once.
    const paged: string[] = [];
    let next: string | undefined = `/v1/auditrecords?startDate=${startDate}&size=1&filter=${byCustomer}`;
    while (next) {
      const page: any = await request('GET', next, { headers: auditor });
      expect(page.status).toBe(200);
      paged.push(...page.body.items.map((record: any) => record.id));
      next = page.body.links.next?.uri;
    }
    expect(paged).toEqual(all.body.items.map((record: any) => record.id));

    const policies = encodeURIComponent(JSON.stringify({ field: 'ResourceType', value: 'SelfServePolicy', operator: 'substring' }));
    const selfServe = await request('GET', `/v1/auditrecords?startDate=${startDate}&filter=${policies}`, { headers: auditor });
    expect(selfServe.body.items.length).toBeGreaterThanOrEqual(2);
    expect(selfServe.body.items.every((record: any) => record.resourceType === 'SelfServePolicy')).toBe(true);

    // Part of the company name, in any case, finds this customer's records and no other's.
    const byName = encodeURIComponent(
      JSON.stringify({ field: 'CompanyName', value: companyName.toUpperCase().slice(3), operator: 'substring' }),
    );
    const named = await request('GET', `/v1/auditrecords?startDate=${startDate}&filter=${byName}`, { headers: auditor });
    expect(named.body.items.map((record: any) => record.id)).toEqual(all.body.items.map((record: any) => record.id));

    expect(await request('GET', `/v1/auditrecords?startDate=${startDate}`)).toMatchObject({
      status: 403,
      body: { ...PARTNER_CENTER_ERROR, code: 900150 },
    });
    // The other partner's auditor sees at most its own sender's refused attempt, never our customer's name.
    const otherAuditor = identityHeaders(actor({ partnerId: OTHER_PARTNER_ID, roles: ['Auditor'] }));
    const foreign = await request('GET', `/v1/auditrecords?startDate=${startDate}&filter=${byCustomer}`, { headers: otherAuditor });
    expect(foreign.status).toBe(200);
    expect(foreign.body.items.every((record: any) => record.operationStatus === 'failed' && record.customerName === undefined)).toBe(true);
    expect(JSON.stringify(foreign.body)).not.toContain(companyName);
    const foreignByName = await request('GET', `/v1/auditrecords?startDate=${startDate}&filter=${byName}`, { headers: otherAuditor });
    expect(foreignByName.body.items).toEqual([]);
  });

  it("serves the country table as Partner Center's country validation rules", async () => {
    const us = await request('GET', '/v1/countryvalidationrules/us');
    expect(us).toMatchObject({ status: 200, body: fixture('country-validation-rules-us.response.json') });
    expect(us.body.supportedStatesList).toEqual(expect.arrayContaining(['WA', 'NY', 'DC']));
    expect((await request('GET', '/v1/countryvalidationrules/KE')).body).toMatchObject({ iso2Code: 'KE', isStateRequired: false });
    expect(await request('GET', '/v1/countryvalidationrules/ZZ')).toMatchObject({ status: 404, body: PARTNER_CENTER_ERROR });
    expect(await request('GET', '/v1/countryvalidationrules/USA')).toMatchObject({ status: 400, body: PARTNER_CENTER_ERROR });
  });
});
