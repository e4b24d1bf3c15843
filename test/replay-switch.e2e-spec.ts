import {
  eventually,
  operator,
  httpClient,
  identityHeaders,
  newCustomerId,
  registerBody,
  seededStream,
  seedingVaultOver,
} from '@app/testing';
import { RunningSystem, startSystem } from './support';
import { DEFAULT_ACCOUNTS_COLLECTION } from '@app/read-model';

const operatorHeaders = identityHeaders(operator());
/** Customers only the replay reads: enough that its build takes a while under the writes. */
const QUIET_CUSTOMERS = 1_500;
const BUSY_CUSTOMERS = 16;
const READERS = 4;

describe('Reads while a replay switches the read model', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem({ commandSideInstances: 2 });
  });
  afterAll(() => system?.stop());

  it('never shows a customer at a lower version than a read that ended before, on any instance', async () => {
    const seeding = seedingVaultOver(system.db);
    const quiet = await Promise.all(Array.from({ length: QUIET_CUSTOMERS }, () => seededStream(seeding, newCustomerId(), 2)));
    await system.db.collection('event_commits').insertMany(quiet.flatMap((stream) => stream.commits) as never[]);
    await system.db.collection(DEFAULT_ACCOUNTS_COLLECTION).insertMany(quiet.map((stream) => stream.document) as never[]);

    const instances = await Promise.all(system.services.map(async (app) => httpClient(await app.getUrl())));
    const busy = Array.from({ length: BUSY_CUSTOMERS }, newCustomerId);
    for (const id of busy) expect((await instances[0]('POST', '/customers', { body: registerBody(id) })).status).toBe(201);
    // Every busy customer in the read model first: the shards' publishers send them side by side, in no order between customers.
    for (const id of busy) await eventually(async () => expect((await instances[1]('GET', `/customers/${id}`)).status).toBe(200));

    // The highest version each customer has been shown by a read that has ended.
    const shown = new Map<string, number>();
    const regressions: string[] = [];
    let reads = 0;
    let writes = 0;
    let running = true;
    const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)];
    const reader = async () => {
      while (running) {
        const id = pick(busy);
        const floor = shown.get(id) ?? 0;
        const account = await pick(instances)('GET', `/customers/${id}`);
        expect(account.status).toBe(200);
        if (account.body.version < floor) regressions.push(`${id}: version ${account.body.version} after ${floor}`);
        shown.set(id, Math.max(shown.get(id) ?? 0, account.body.version));
        reads += 1;
      }
    };
    const writer = async () => {
      while (running) {
        const id = pick(busy);
        const sent = await pick(instances)('PATCH', `/customers/${id}/company-profile`, {
          headers: { 'If-Match': '*' },
          body: { companyName: `Company ${writes}` },
        });
        expect(sent.status).toBe(200);
        writes += 1;
      }
    };
    const load = [...Array.from({ length: READERS }, reader), writer(), writer()];

    expect((await instances[0]('POST', '/audit/replays', { anonymous: true, headers: operatorHeaders })).status).toBe(202);
    // One replay in the cluster: the other instance refuses a second while this one runs.
    expect((await instances[1]('POST', '/audit/replays', { anonymous: true, headers: operatorHeaders })).body).toMatchObject({
      status: 409,
      title: 'Already running',
    });
    // And says what runs there, from the store (once the replay has saved its first state).
    await eventually(async () =>
      expect((await instances[1]('GET', '/audit/replays/current', { anonymous: true, headers: operatorHeaders })).body).toMatchObject({
        state: 'running-elsewhere',
        saved: { phase: expect.any(String), commitsDone: expect.any(Number) },
      }),
    );
    const writesBefore = writes;
    let status;
    do {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await instances[0]('GET', '/audit/replays/current', { anonymous: true, headers: operatorHeaders })).body;
    } while (status.state === 'running');
    // Past the switch, and past the time any instance may hold its pointer.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    running = false;
    await Promise.all(load);

    expect(status).toMatchObject({ state: 'finished', report: { customers: QUIET_CUSTOMERS + BUSY_CUSTOMERS } });
    // Enough traffic across the switch for a regression to show: the old code had several in each run.
    expect(writes - writesBefore).toBeGreaterThan(20);
    expect(reads).toBeGreaterThan(100);
    expect(regressions).toEqual([]);
  });
});
