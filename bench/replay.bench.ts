import { CustomerAccountCommand, CustomerAccountState, decide, fold, initialState, recordEvents } from '@app/domain';
import { chainEvents, connectMongo, EventCommit, EventStore, GENESIS_HASH } from '@app/event-store';
import { CustomerAccountDocument, ReadModelRebuild, ReadModelRepository, toDocument } from '@app/read-model';
import { CustomerKeyStore, PersonalDataVault } from '@app/personal-data';
import { mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';

// Replay of the whole event store into a fresh read model, against the raw ceiling of the
// same work: the driver reading every commit once, and inserting the same final documents
// into an empty collection.
// Prints a table and writes .local/bench/replay.json.

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 10_000);
const EVENTS_PER_CUSTOMER = Number(process.env.BENCH_EVENTS_PER_CUSTOMER ?? 10);
const PARTNER_ID = '4b9e1f0a-2c3d-4e5f-8a9b-0c1d2e3f4a5b';
const actor = { userPrincipalName: 'bench@partner.example', applicationId: 'bench', partnerId: PARTNER_ID, roles: ['AdminAgent' as const] };

function commandsFor(customerId: string): CustomerAccountCommand[] {
  const metadata = (n: number) => ({ commandId: randomUUID(), correlationId: `bench-${n}`, actor, receivedAt: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString() });
  const address = { country: 'US', addressLine1: '1 Microsoft Way', city: 'Redmond', state: 'WA', postalCode: '98052', firstName: 'Alex', lastName: 'Wilber' };
  const billingProfile = { firstName: 'Alex', lastName: 'Wilber', email: 'alex@contoso.com', culture: 'en-US', language: 'en', companyName: 'Contoso', defaultAddress: address };
  return [
    { type: 'RegisterCustomer', data: { customerId, companyProfile: { domain: 'contoso.onmicrosoft.com', companyName: 'Contoso' }, billingProfile }, metadata: metadata(0) },
    ...Array.from({ length: EVENTS_PER_CUSTOMER - 1 }, (_, n): CustomerAccountCommand => ({
      type: 'UpdateCustomerDetails',
      data: { customerId, billingProfile: { merge: { defaultAddress: { addressLine2: `Suite ${n + 1}` } } } },
      metadata: metadata(n + 1),
    })),
  ];
}

/** One commit per command, as the service writes them, decided by the real domain and chained. */
function streamOf(customerId: string): { commits: EventCommit[]; document: CustomerAccountDocument } {
  let state: CustomerAccountState = initialState();
  let lastHash = GENESIS_HASH;
  const commits: EventCommit[] = [];
  for (const command of commandsFor(customerId)) {
    const events = chainEvents(recordEvents(decide(command, state), command, PARTNER_ID, state.version, randomUUID), lastHash);
    state = fold(events, state);
    lastHash = events[events.length - 1].hash;
    commits.push({ _id: command.metadata.commandId, commandType: command.type, customerId, partnerId: PARTNER_ID, firstVersion: events[0].version, lastVersion: events[events.length - 1].version, events, committedAt: new Date(), published: true });
  }
  if (state.status !== 'registered') throw new Error('the bench stream registers its customer');
  const last = commits[commits.length - 1].events.at(-1)!;
  return { commits, document: toDocument(state, last.eventId, last.occurredAt) };
}

async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; result: T }> {
  const started = process.hrtime.bigint();
  const result = await work();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, result };
}

async function main() {
  const client = await connectMongo(process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:47017/');
  const db = client.db(`bench_replay_${Date.now()}`);
  try {
    const streams = Array.from({ length: CUSTOMERS }, () => streamOf(randomUUID()));
    const commits = streams.flatMap((stream) => stream.commits);
    const events = CUSTOMERS * EVENTS_PER_CUSTOMER;
    const store = new EventStore(db, new PersonalDataVault(new CustomerKeyStore(client.db(`${db.databaseName}_keys`), randomBytes(32))));
    await store.ensureIndexes();
    const seeding = await timed(async () => {
      for (let start = 0; start < commits.length; start += 1_000) await db.collection<EventCommit>('event_commits').insertMany(commits.slice(start, start + 1_000), { ordered: false });
    });
    console.error(`[bench] seeded ${events.toLocaleString('en-US')} events in ${commits.length.toLocaleString('en-US')} commits in ${seeding.seconds.toFixed(1)} s`);

    // Where the replay's time goes, phase by phase.
    const phases: Record<string, number> = {};
    let phaseStarted = Date.now();
    let phase = 'building';
    const replay = await timed(() =>
      new ReadModelRebuild(db, store, undefined, 0).run((progress) => {
        if (progress.phase === phase) return;
        phases[phase] = (Date.now() - phaseStarted) / 1000;
        [phase, phaseStarted] = [progress.phase, Date.now()];
      }),
    );
    console.error(`[bench] replay phases (s): ${JSON.stringify(phases)}`);
    const rebuilt = new ReadModelRepository(db);
    const sample = streams[Math.floor(CUSTOMERS / 2)].document;
    const check = await rebuilt.get(sample._id);
    if (check?.version !== sample.version) throw new Error(`replay produced version ${check?.version} for a customer at ${sample.version}`);

    const read = await timed(async () => {
      let count = 0;
      for await (const _commit of db.collection('event_commits').find({}).batchSize(1_000)) count += 1;
      return count;
    });
    const documents = streams.map((stream) => stream.document);
    const raw = await timed(async () => {
      for (let start = 0; start < documents.length; start += 500) await db.collection<CustomerAccountDocument>('raw_ceiling').insertMany(documents.slice(start, start + 500), { ordered: false });
    });

    const rows = [
      { scenario: 'replay (read every commit, fold, write each account, switch, catch-up pass)', seconds: replay.seconds, eventsPerSecond: events / replay.seconds },
      { scenario: 'raw: read every commit once (driver find, no sort)', seconds: read.seconds, eventsPerSecond: events / read.seconds },
      { scenario: 'raw: insertMany of the same final documents', seconds: raw.seconds, eventsPerSecond: events / raw.seconds },
      { scenario: 'raw ceiling: the read and the inserts together', seconds: read.seconds + raw.seconds, eventsPerSecond: events / (read.seconds + raw.seconds) },
    ];
    // A replay must at least read every commit and write every account once.
    const ratio = (read.seconds + raw.seconds) / replay.seconds;
    console.log(`\nReplay of ${events.toLocaleString('en-US')} events (${CUSTOMERS.toLocaleString('en-US')} customers) on ${new Date().toISOString().slice(0, 10)}`);
    console.log('| scenario | seconds | events/s |');
    console.log('|---|---:|---:|');
    for (const row of rows) console.log(`| ${row.scenario} | ${row.seconds.toFixed(2)} | ${Math.round(row.eventsPerSecond).toLocaleString('en-US')} |`);
    console.log(`\nreplay / raw ceiling: ${ratio.toFixed(2)}`);
    mkdirSync('.local/bench', { recursive: true });
    writeFileSync('.local/bench/replay.json', JSON.stringify({ date: new Date().toISOString(), events, customers: CUSTOMERS, rows, ratio }, null, 2));
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
