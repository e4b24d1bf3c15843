import { CommandHandler, Event, projections } from '@event-driven-io/emmett';
import { getMongoDBEventStore, mongoDBInlineProjection, toStreamName } from '@event-driven-io/emmett-mongodb';
import { MongoClient } from 'mongodb';
import { serveBenchRoutes } from '../../bench-http-routes';

// The bench's update with Emmett's MongoDB event store: its command handler (read the stream,
// decide, append with the expected version, retried on a conflict) and an inline projection
// (the account's read model, written in the same document as the stream).
type CustomerRegistered = Event<'CustomerRegistered', { customerId: string; companyProfile: object; billingProfile: object }>;
type CompanyNameChanged = Event<'CompanyNameChanged', { companyName: string }>;
type AccountEvent = CustomerRegistered | CompanyNameChanged;
type Account = { registered: boolean; companyName?: string };

const evolve = (state: Account, event: AccountEvent): Account =>
  event.type === 'CustomerRegistered' ? { registered: true } : { ...state, companyName: event.data.companyName };
const handle = CommandHandler<Account, AccountEvent>({
  evolve,
  initialState: () => ({ registered: false }),
  retry: { onVersionConflict: 10 },
});

async function main(): Promise<void> {
  const client = await MongoClient.connect(process.env.PEER_MONGODB_URI!);
  type AccountView = { companyName?: string; changes: number };
  const accountView = mongoDBInlineProjection<AccountView, AccountEvent>({
    name: 'account',
    canHandle: ['CustomerRegistered', 'CompanyNameChanged'],
    initialState: () => ({ changes: 0 }),
    evolve: (document: AccountView, event: AccountEvent) => ({
      companyName: event.type === 'CompanyNameChanged' ? event.data.companyName : document.companyName,
      changes: document.changes + 1,
    }),
  });
  const store = getMongoDBEventStore({ client, projections: projections.inline([accountView]) });
  const streamOf = (customerId: string) => toStreamName('customer', customerId);
  const { url, server } = await serveBenchRoutes({
    async register(customerId, body) {
      const result = await handle(store, streamOf(customerId), (state) => {
        if (state.registered) throw new Error('already registered');
        return {
          type: 'CustomerRegistered',
          data: { customerId, companyProfile: body.companyProfile, billingProfile: body.billingProfile },
        };
      });
      return Number(result.nextExpectedStreamVersion);
    },
    async updateCompanyName(customerId, companyName) {
      const result = await handle(store, streamOf(customerId), (state) => {
        if (!state.registered) throw new Error('no such customer');
        return { type: 'CompanyNameChanged', data: { companyName } };
      });
      return Number(result.nextExpectedStreamVersion);
    },
  });
  // The line the bench reads, as it reads the apps'.
  console.log(`HTTP on ${url}`);
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
