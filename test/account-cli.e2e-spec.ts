import { eventually, httpClient, newCustomerId, registerBody } from '@app/testing';
import { RunningSystem, startSystem } from './support';
import { runCli } from '../apps/account-cli/src/account-cli';

describe('account-cli', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(() => system?.stop());

  async function run(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
    return { code, out, err };
  }

  it('prints a customer history and the state at a version, folded from the event store', async () => {
    const request = httpClient(system.baseUrl);
    const customerId = newCustomerId();
    await request('POST', '/customers', { body: registerBody(customerId) });
    const update = await request('PATCH', `/customers/${customerId}/company-profile`, {
      headers: { 'If-Match': '"1"' },
      body: { companyName: 'Fabrikam' },
    });
    expect(update.status).toBe(200);

    const history = await run('history', customerId);
    expect(history.code).toBe(0);
    expect(history.out.map((line) => JSON.parse(line).type)).toEqual(['CustomerRegistered', 'CompanyProfileUpdated']);

    const csv = await run('history', customerId, '--format', 'csv', '--field', 'companyProfile.companyName');
    expect(csv.out).toEqual([
      expect.stringMatching(/^occurredAt,customerId,outcome,/),
      expect.stringContaining(',companyProfile.companyName,,Contoso,'),
      expect.stringContaining(',companyProfile.companyName,Contoso,Fabrikam,'),
    ]);
    const exported = await run('export', '--from', '2000-01-01T00:00:00Z', '--to', '2100-01-01T00:00:00Z');
    expect(
      exported.out
        .map((line) => JSON.parse(line))
        .filter((entry) => entry.customerId === customerId)
        .map((entry) => entry.version),
    ).toEqual([1, 2]);

    const atOne = await run('state', customerId, '--version', '1');
    expect(JSON.parse(atOne.out[0])).toMatchObject({ version: 1, companyProfile: { companyName: 'Contoso' } });
    const now = await run('state', customerId);
    expect(JSON.parse(now.out[0])).toMatchObject({ version: 2, companyProfile: { companyName: 'Fabrikam' } });
    // The read model, once caught up, says exactly what the fold of the event store says.
    const { status, ...folded } = JSON.parse(now.out[0]);
    expect(status).toBe('registered');
    await eventually(async () => {
      const account = await request('GET', `/customers/${customerId}`);
      expect(account.body).toEqual({ ...folded, updatedAt: expect.any(String) });
    });
  });

  it('says so when a customer has no events, and shows usage for a wrong call', async () => {
    expect(await run('history', newCustomerId())).toMatchObject({ code: 1, err: [expect.stringMatching(/^No events for customer/)] });
    expect(await run('state', newCustomerId(), '--version', 'x')).toMatchObject({
      code: 2,
      err: ['--version takes a whole number from 1'],
    });
    expect(await run('history', newCustomerId(), '--colour', 'red')).toMatchObject({
      code: 2,
      err: [expect.stringMatching(/^Unknown option --colour/)],
    });
    expect(await run('export', '--from', '2026-01-01T00:00:00Z')).toMatchObject({ code: 2, err: ['export needs --from and --to'] });
    expect((await run('frobnicate', 'x')).code).toBe(2);
  });
});
