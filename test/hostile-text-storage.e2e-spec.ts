import { findChainBreak, StoredChainEvent } from '@app/event-store';
import { httpClient, newCustomerId, registerBody } from '@app/testing';
import { RunningSystem, startSystem } from './support';
import fc from 'fast-check';
import { FUZZ_SEED, fuzzRuns, hostileString } from '../apps/account-service/test/hostile-payloads';

// Any text a caller sends, through the real HTTP intake into the real store and read back:
// refused with a 400 naming the field, or accepted and stored so that the chain still verifies.
describe(`hostile text in the store (seed ${FUZZ_SEED})`, () => {
  let system: RunningSystem;
  let request: ReturnType<typeof httpClient>;

  beforeAll(async () => {
    system = await startSystem();
    request = httpClient(system.baseUrl);
  });
  afterAll(() => system?.stop());

  const storedStream = async (customerId: string) => {
    const commits = await system.db.collection('event_commits').find({ customerId }).sort({ firstVersion: 1 }).toArray();
    return commits.flatMap((commit) => commit.events as StoredChainEvent[]);
  };

  it('refuses or keeps every string so that verification passes, in plain and in sealed fields', async () => {
    const customerId = newCustomerId();
    expect((await request('POST', '/customers', { body: registerBody(customerId) })).status).toBe(201);
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(hostileString, hostileString, async (companyName, firstName) => {
        const response = await request('PATCH', `/customers/${customerId}`, {
          body: { companyProfile: { companyName: `Contoso ${companyName}` }, billingProfile: { firstName: `Alex${firstName}` } },
          headers: { 'If-Match': '*' },
        });
        // 413 for a body past the limit; never a 500.
        expect([200, 400, 413]).toContain(response.status);
        if (response.status === 400) {
          refused += 1;
          expect(response.body.errors.length).toBeGreaterThan(0);
          expect(response.body.errors[0].field).toMatch(/companyName|firstName/);
        } else accepted += 1;
      }),
      { seed: FUZZ_SEED, numRuns: fuzzRuns(60) },
    );
    expect(findChainBreak(customerId, await storedStream(customerId))).toBeNull();
    // Both sides were reached: a generator that only made refused (or only kept) text would prove half.
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  }, 120_000);

  it('refuses a lone surrogate with 400 naming the field, the store unchanged', async () => {
    const customerId = newCustomerId();
    await request('POST', '/customers', { body: registerBody(customerId) });
    const response = await request('PATCH', `/customers/${customerId}/company-profile`, {
      rawBody: '{"companyName":"\\ud800"}',
      headers: { 'If-Match': '*' },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'companyName', reason: expect.stringContaining('surrogate') })]);
    expect(await storedStream(customerId)).toHaveLength(1);
  });
});
