import { diffFields, FieldChange, RecordedEvent } from '@app/domain';
import { HistoryEntry, RejectedCommand } from './history-entry';

/** Every accepted change and every rejected command of one customer, oldest first. */
export function changeHistory(events: RecordedEvent[], rejected: RejectedCommand[]): HistoryEntry[] {
  const entries = [...events.map(acceptedEntry), ...rejected.map(rejectedEntry)];
  // Stable: events keep their stream order; a rejection sorts after changes of the same instant.
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.occurredAt.localeCompare(b.entry.occurredAt) || a.index - b.index)
    .map(({ entry }) => entry);
}

function acceptedEntry(event: RecordedEvent): HistoryEntry {
  return {
    outcome: 'accepted',
    occurredAt: event.occurredAt,
    customerId: event.customerId,
    partnerId: event.partnerId,
    version: event.version,
    eventId: event.eventId,
    type: event.type,
    operationType: event.operationType,
    actor: event.actor,
    commandId: event.causationId,
    correlationId: event.correlationId,
    changes: changesOf(event),
  };
}

function rejectedEntry(command: RejectedCommand): HistoryEntry {
  return {
    outcome: 'rejected',
    occurredAt: command.recordedAt.toISOString(),
    customerId: command.customerId,
    type: command.commandType,
    actor: command.actor,
    commandId: command.commandId,
    correlationId: command.correlationId,
    changes: [],
    rejection: command.rejection,
  };
}

/** What an event changed, field by field, named by its path in the account. */
export function changesOf(event: RecordedEvent): FieldChange[] {
  const under = (prefix: string, changes: FieldChange[]) => changes.map((change) => ({ ...change, field: `${prefix}.${change.field}` }));
  switch (event.type) {
    case 'CustomerRegistered':
      return diffFields({}, { companyProfile: event.data.companyProfile, billingProfile: event.data.billingProfile });
    case 'BillingProfileUpdated':
      return under('billingProfile', event.data.changes);
    case 'CompanyProfileUpdated':
      return under('companyProfile', event.data.changes);
    case 'PurchasePermissionGranted':
      return [{ field: `purchasePermissions.${event.data.resource}`, newValue: event.data.action }];
    case 'PurchasePermissionRevoked':
      return [{ field: `purchasePermissions.${event.data.resource}`, oldValue: event.data.action }];
    default: {
      const unknown: never = event;
      throw new Error(`No history for event type ${(unknown as RecordedEvent).type}`);
    }
  }
}
