import { RecordedEvent } from '@app/domain';
import { chainEvents, GENESIS_HASH, StoredChainEvent } from '@app/event-store';

export const CUSTOMER = 'customer-1';

/** A rename of the customer's company, as the store keeps it, at a version and an instant. */
export function companyRenamed(version: number, occurredAt = `2026-12-01T10:00:00.${String(version).padStart(3, '0')}Z`): RecordedEvent {
  return {
    type: 'CompanyProfileUpdated',
    data: { changes: [{ field: 'companyProfile.companyName', oldValue: 'Before', newValue: `Contoso ${version}` }] },
    eventId: `e-${version}`,
    customerId: CUSTOMER,
    partnerId: 'partner-a',
    version,
    schemaVersion: 2,
    operationType: 'update_customer_company_profile',
    occurredAt,
    actor: { userPrincipalName: 'admin@partner.example', applicationId: 'crm', partnerId: 'partner-a' },
    correlationId: 'k-1',
    causationId: `command-${version}`,
  };
}

/** These events sealed into a chain from the genesis hash. */
export function chained(events: RecordedEvent[]): StoredChainEvent[] {
  return chainEvents(events, GENESIS_HASH);
}

/** What the attacker did: change one stored event, then recompute every hash from there on. */
export function forgeAndRechain(stream: StoredChainEvent[], version: number, change: (event: StoredChainEvent) => StoredChainEvent) {
  const contents = stream.map(({ hash: _hash, previousHash: _previous, ...content }) => content as StoredChainEvent);
  contents[version - 1] = change(contents[version - 1]);
  return chainEvents(contents, GENESIS_HASH);
}
