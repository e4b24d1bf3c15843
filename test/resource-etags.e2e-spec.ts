import { httpClient, newCustomerId, registerBody } from '@app/testing';
import { RunningSystem, startSystem } from './support';

describe('One ETag per resource, as Partner Center keeps', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(() => system?.stop());

  it("lets a read-modify-write of the billing profile through a permission granted meanwhile, and stops one after the profile's own change", async () => {
    const request = httpClient(system.baseUrl);
    const customerId = newCustomerId();
    expect((await request('POST', '/customers', { body: registerBody(customerId) })).status).toBe(201);
    const read = await request('GET', `/customers/${customerId}/billing-profile`, { headers: { 'X-Min-Version': '1' } });
    expect(read).toMatchObject({ status: 200, body: { customerId, billingProfile: { email: 'alex@contoso.com' } } });
    const etag = read.headers.get('etag')!;
    expect(etag).toBe('"1"');

    // Someone else grants a permission: the account moves on, the billing profile does not.
    const grant = await request('PUT', `/customers/${customerId}/purchase-permissions/AzureSavingsPlan`, {
      headers: { 'If-Match': '"1"' },
    });
    expect(grant.status).toBe(200);
    const written = await request('PUT', `/customers/${customerId}/billing-profile`, {
      headers: { 'If-Match': etag },
      body: { ...read.body.billingProfile, email: 'ap@contoso.com' },
    });
    expect(written).toMatchObject({ status: 200, body: { version: 3 } });

    // The same ETag again: the billing profile itself changed since, so it is stale.
    const stale = await request('PATCH', `/customers/${customerId}/billing-profile`, {
      headers: { 'If-Match': etag },
      body: { email: 'x@contoso.com' },
    });
    expect(stale).toMatchObject({ status: 412, body: { code: 2055 } });
    // The whole-account routes keep the account's ETag.
    const whole = await request('PATCH', `/customers/${customerId}`, {
      headers: { 'If-Match': '"2"' },
      body: { companyProfile: { companyName: 'X' } },
    });
    expect(whole).toMatchObject({ status: 412 });

    const resources = await Promise.all(
      ['billing-profile', 'company-profile', 'purchase-permissions'].map((path) =>
        request('GET', `/customers/${customerId}/${path}`, { headers: { 'X-Min-Version': '3' } }),
      ),
    );
    expect(resources.map((answer) => answer.headers.get('etag'))).toEqual(['"3"', '"1"', '"2"']);
    const account = await request('GET', `/customers/${customerId}`, { headers: { 'X-Min-Version': '3' } });
    expect(account.headers.get('etag')).toBe('"3"');
    expect(account.body.resourceVersions).toEqual({ billingProfile: 3, companyProfile: 1, purchasePermissions: 2 });
  });
});
