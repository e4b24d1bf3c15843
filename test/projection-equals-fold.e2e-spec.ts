import {
  CustomerAccountCommand,
  CustomerAccountState,
  decide,
  DomainError,
  fold,
  initialState,
  PURCHASABLE_RESOURCES,
  RecordedEvent,
  recordEvents,
} from '@app/domain';
import { AccountProjection, ReadModelRepository, toDocument } from '@app/read-model';
import { newCustomerId, PARTNER_ID, registerBody, useIsolatedEnvironment } from '@app/testing';
import fc from 'fast-check';
import { MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { FUZZ_SEED, fuzzRuns } from '../apps/account-service/test/hostile-payloads';

const actor = {
  userPrincipalName: 'admin@partner.example',
  applicationId: 'crm-sync',
  partnerId: PARTNER_ID,
  roles: ['AdminAgent' as const, 'GlobalAdmin' as const],
};

/** What a caller may ask of a registered account; the domain decides which are accepted. */
const anyChange = fc.oneof(
  fc.record({
    type: fc.constant('UpdateCustomerDetails' as const),
    data: fc.record({
      billingProfile: fc.record({
        merge: fc.record({ email: fc.emailAddress(), firstName: fc.string({ minLength: 1, maxLength: 20 }) }, { requiredKeys: [] }),
      }),
    }),
  }),
  fc.record({
    type: fc.constant('UpdateCustomerDetails' as const),
    data: fc.record({
      billingProfile: fc.record({
        merge: fc.record({ defaultAddress: fc.record({ addressLine2: fc.option(fc.string({ maxLength: 20 })) }) }),
      }),
    }),
  }),
  fc.record({
    type: fc.constant('UpdateCustomerDetails' as const),
    data: fc.record({ companyProfile: fc.record({ companyName: fc.string({ minLength: 1, maxLength: 40 }) }) }),
  }),
  fc.record({
    type: fc.constantFrom('GrantPurchasePermission' as const, 'RevokePurchasePermission' as const),
    data: fc.record({ resource: fc.constantFrom(...PURCHASABLE_RESOURCES), action: fc.constant('Purchase' as const) }),
  }),
  fc.record({ type: fc.constant('ForgetCustomerPersonalData' as const), data: fc.constant({}) }),
  fc.record({ type: fc.constantFrom('PlaceLegalHold' as const, 'ReleaseLegalHold' as const), data: fc.constant({}) }),
);

/** The events of the accepted ones among a registration and these changes, as the store records them. */
function acceptedEvents(customerId: string, changes: Array<{ type: string; data: object }>): RecordedEvent[] {
  const commands = [
    { type: 'RegisterCustomer', data: registerBody(customerId) },
    ...changes.map((change) => ({ ...change, data: { ...change.data, customerId } })),
  ];
  let state: CustomerAccountState = initialState();
  const events: RecordedEvent[] = [];
  for (const [n, { type, data }] of commands.entries()) {
    const command = {
      type,
      data,
      metadata: {
        commandId: randomUUID(),
        correlationId: `c-${n}`,
        actor,
        receivedAt: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
        reason: `change ${n}`,
      },
    } as CustomerAccountCommand;
    let decided;
    try {
      decided = decide(command, state);
    } catch (error) {
      if (error instanceof DomainError) continue;
      throw error;
    }
    const recorded = recordEvents(decided, command, PARTNER_ID, state, randomUUID);
    state = fold(recorded, state);
    events.push(...recorded);
  }
  return events;
}

/** How the events topic delivers them: cut into batches, some delivered twice, some late, some lost (the last of each customer arrives). */
const delivery = fc.record({
  cuts: fc.array(fc.nat(), { maxLength: 8 }),
  repeated: fc.array(fc.nat(), { maxLength: 6 }),
  lost: fc.array(fc.nat(), { maxLength: 6 }),
  swaps: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 6 }),
});

function deliveredBatches(
  events: RecordedEvent[],
  plan: { cuts: number[]; repeated: number[]; lost: number[]; swaps: Array<[number, number]> },
): RecordedEvent[][] {
  const lastOfEach = new Set([...new Map(events.map((event) => [event.customerId, event.eventId])).values()]);
  const lostIds = new Set(plan.lost.map((n) => events[n % events.length].eventId).filter((id) => !lastOfEach.has(id)));
  const sent = events.filter((event) => !lostIds.has(event.eventId));
  sent.push(...plan.repeated.map((n) => events[n % events.length]));
  for (const [a, b] of plan.swaps) [sent[a % sent.length], sent[b % sent.length]] = [sent[b % sent.length], sent[a % sent.length]];
  const points = [...new Set(plan.cuts.map((n) => n % sent.length))].sort((a, b) => a - b);
  return [0, ...points, sent.length]
    .slice(1)
    .map((end, i, ends) => sent.slice(i === 0 ? 0 : ends[i - 1], end))
    .filter((batch) => batch.length > 0);
}

// Any accepted commands of a few customers, delivered as Kafka may (batches, repeats, reorders,
// losses), projected into the real read model: what it shows is the fold of the events.
describe(`projecting into the read model (seed ${FUZZ_SEED})`, () => {
  const environment = useIsolatedEnvironment();
  let client: MongoClient;
  beforeAll(async () => {
    client = await MongoClient.connect(environment.mongodbUri);
  });
  afterAll(async () => {
    await client.db(environment.database).dropDatabase();
    await client.close();
  });

  it('shows each account as the fold of its events, whatever the delivery', async () => {
    let run = 0;
    let changesAccepted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(anyChange, { maxLength: 12 }), { minLength: 1, maxLength: 3 }),
        delivery,
        async (changesPerCustomer, plan) => {
          const db = client.db(environment.database);
          const collection = `accounts_${run++}`;
          const repository = new ReadModelRepository(db, { target: async () => ({ write: collection, read: [collection] }) });
          const streams = changesPerCustomer.map((changes) => acceptedEvents(newCustomerId(), changes));
          changesAccepted += streams.reduce((sum, stream) => sum + stream.length - 1, 0);
          const store = new Map(streams.map((stream) => [stream[0].customerId, stream]));
          const projection = new AccountProjection(repository, {
            readStream: async (customerId, fromVersion) => store.get(customerId)!.filter((event) => event.version >= fromVersion),
          });
          // Interleaved as one partition carries several customers.
          const interleaved = streams
            .flatMap((stream) => stream.map((event, i) => ({ event, at: i + Math.random() })))
            .sort((a, b) => a.at - b.at)
            .map(({ event }) => event);

          for (const batch of deliveredBatches(interleaved, plan)) {
            const report = await projection.project(batch);
            expect(report.poisoned).toEqual([]);
          }

          for (const stream of streams) {
            const last = stream.at(-1)!;
            const folded = fold(stream);
            if (folded.status !== 'registered') throw new Error('every stream registers its customer');
            expect(await repository.get(last.customerId)).toEqual(toDocument(folded, last.eventId, last.occurredAt));
          }
          await db.collection(collection).drop();
        },
      ),
      { seed: FUZZ_SEED, numRuns: fuzzRuns(40) },
    );
    // The generator makes changes the domain takes, not only ones it refuses.
    expect(changesAccepted).toBeGreaterThan(run * 2);
  });
});
