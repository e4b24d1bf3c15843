import { SAMPLE_BILLING_PROFILE, SAMPLE_COMPANY_PROFILE } from '@app/fixtures';
import { CustomerAccountCommand, CustomerAccountState, decide, fold, initialState, recordEvents } from '@app/domain';
import { chainEvents, EventCommit, GENESIS_HASH } from '@app/event-store';
import { CustomerKey, CustomerKeyStore, PersonalDataVault } from '@app/personal-data';
import { CustomerAccountDocument, toDocument } from '@app/read-model';
import { randomUUID } from 'node:crypto';
import { Db } from 'mongodb';
import { TEST_PERSONAL_DATA_MASTER_KEY } from './test-credentials';

export const SEEDED_PARTNER_ID = '4b9e1f0a-2c3d-4e5f-8a9b-0c1d2e3f4a5b';
const actor = {
  userPrincipalName: 'seeding@partner.example',
  applicationId: 'seeding',
  partnerId: SEEDED_PARTNER_ID,
  roles: ['AdminAgent' as const],
};

function commandsFor(customerId: string, eventsPerCustomer: number): CustomerAccountCommand[] {
  const metadata = (n: number) => ({
    commandId: randomUUID(),
    correlationId: `seeded-${n}`,
    actor,
    receivedAt: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
  });
  return [
    {
      type: 'RegisterCustomer',
      data: { customerId, companyProfile: SAMPLE_COMPANY_PROFILE, billingProfile: SAMPLE_BILLING_PROFILE },
      metadata: metadata(0),
    },
    ...Array.from({ length: eventsPerCustomer - 1 }, (_, n): CustomerAccountCommand => ({
      type: 'UpdateCustomerDetails',
      data: { customerId, billingProfile: { merge: { defaultAddress: { addressLine2: `Suite ${n + 1}` } } } },
      metadata: metadata(n + 1),
    })),
  ];
}

export interface SeededStream {
  commits: EventCommit[];
  /** The account the stream folds to: what a replay must write. */
  document: CustomerAccountDocument;
}

/** One commit per command, as the service writes them: decided by the real domain, personal values sealed, chained. */
export async function seededStream(vault: PersonalDataVault, customerId: string, eventsPerCustomer: number): Promise<SeededStream> {
  let state: CustomerAccountState = initialState();
  let lastHash = GENESIS_HASH;
  const commits: EventCommit[] = [];
  for (const command of commandsFor(customerId, eventsPerCustomer)) {
    const recorded = recordEvents(decide(command, state), command, SEEDED_PARTNER_ID, state, randomUUID);
    const events = chainEvents(await vault.seal(recorded), lastHash);
    state = fold(recorded, state);
    lastHash = events[events.length - 1].hash;
    commits.push({
      _id: command.metadata.commandId,
      commandType: command.type,
      customerId,
      partnerId: SEEDED_PARTNER_ID,
      firstVersion: events[0].version,
      lastVersion: events[events.length - 1].version,
      events,
      committedAt: new Date(),
    });
  }
  if (state.status !== 'registered') throw new Error('a seeded stream registers its customer');
  const last = commits[commits.length - 1].events.at(-1)!;
  return { commits, document: toDocument(state, last.eventId, last.occurredAt) };
}

/**
 * The vault that seeds data for benches and tests: it makes each customer's key once and keeps
 * it at hand. Setting up is not what is measured, and through the service's own vault each of
 * 100,000 seeded commits would look its key up first, which took longer than everything
 * measured after it.
 */
export function seedingVault(keys: CustomerKeyStore): PersonalDataVault {
  const made = new Map<string, Promise<CustomerKey>>();
  return new PersonalDataVault({
    findMany: (customerIds) => keys.findMany(customerIds),
    findOrCreate: (customerId, version) => {
      if (!made.has(customerId)) made.set(customerId, keys.findOrCreate(customerId, version));
      return made.get(customerId)!;
    },
    destroy: (customerId, before) => keys.destroy(customerId, before),
  });
}

/** The seeding vault over the keys database beside `db`, as the apps keep it, with the test master key. */
export function seedingVaultOver(db: Db): PersonalDataVault {
  return seedingVault(new CustomerKeyStore(db.client.db(`${db.databaseName}_keys`), Buffer.from(TEST_PERSONAL_DATA_MASTER_KEY, 'base64')));
}
