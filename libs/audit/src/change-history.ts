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
    ...(event.reason !== undefined && { reason: event.reason }),
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
    ...(command.reason !== undefined && { reason: command.reason }),
    changes: [],
    rejection: command.rejection,
  };
}

/**
 * What an event changed, field by field, named by its path in the account. A personal
 * field whose values were erased shows as `erased`, without values.
 */
export function changesOf(event: RecordedEvent): FieldChange[] {
  const erased = new Set(event.erasedFields);
  const changes = recordedChangesOf(event).filter((change) => !erased.has(change.field));
  return [...changes, ...[...erased].map((field): FieldChange => ({ field, erased: true }))].sort((a, b) => a.field.localeCompare(b.field));
}

function recordedChangesOf(event: RecordedEvent): FieldChange[] {
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
    case 'CustomerPersonalDataForgotten':
      return event.data.fields.map((field) => ({ field, erased: true }));
    case 'LegalHoldPlaced':
      return [{ field: 'legalHold', newValue: 'held' }];
    case 'LegalHoldReleased':
      return [{ field: 'legalHold', oldValue: 'held' }];
    default: {
      const unknown: never = event;
      throw new Error(`No history for event type ${(unknown as RecordedEvent).type}`);
    }
  }
}
