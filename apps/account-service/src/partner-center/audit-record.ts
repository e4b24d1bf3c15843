import { HistoryEntry } from '@app/audit';
import { DomainError, GUID } from '@app/domain';

export type AuditResourceType = 'Customer' | 'SelfServePolicy';

const SELF_SERVE_POLICY_COMMANDS = new Set(['GrantPurchasePermission', 'RevokePurchasePermission', 'SetPurchasePermissions']);

/** Partner Center's resource type of a change, or of the command a rejection refused. */
export function resourceTypeOf(entry: HistoryEntry): AuditResourceType {
  const selfServe = entry.operationType?.endsWith('_self_serve_policy') || SELF_SERVE_POLICY_COMMANDS.has(entry.type);
  return selfServe ? 'SelfServePolicy' : 'Customer';
}

export type AuditRecordFilter = { customerId: string } | { resourceType: AuditResourceType } | { companyName: string };

/** Partner Center's filter, a JSON object in the query: a customer id, a resource type, or part of a company name. */
export function parseAuditFilter(text: string | undefined): AuditRecordFilter | undefined {
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw DomainError.invalidField('query.filter', 'must be JSON: {"field": …, "value": …, "operator": "substring"}');
  }
  const { field, value } = (parsed ?? {}) as { field?: unknown; value?: unknown };
  if (typeof value !== 'string') throw DomainError.invalidField('query.filter', 'needs a text value');
  switch (typeof field === 'string' ? field.toLowerCase() : field) {
    case 'customerid':
      if (!GUID.test(value)) {
        throw DomainError.invalidField('query.filter', 'a CustomerId filter needs a GUID');
      }
      return { customerId: value.toLowerCase() };
    case 'resourcetype':
      if (value !== 'Customer' && value !== 'SelfServePolicy') {
        throw DomainError.invalidField('query.filter', 'a ResourceType filter is Customer or SelfServePolicy');
      }
      return { resourceType: value };
    case 'companyname':
      if (value.length === 0) throw DomainError.invalidField('query.filter', 'a CompanyName filter needs some text');
      return { companyName: value.toLowerCase() };
    default:
      throw DomainError.invalidField('query.filter', 'field must be CustomerId, CompanyName or ResourceType');
  }
}

/** One history entry as Partner Center's audit record; the customer's name when it is the partner's own. */
export function auditRecordOf(entry: HistoryEntry, customerName: string | undefined) {
  const accepted = entry.outcome === 'accepted';
  const values = (which: 'oldValue' | 'newValue') =>
    JSON.stringify(Object.fromEntries(entry.changes.filter((change) => which in change).map((change) => [change.field, change[which]])));
  return {
    id: entry.eventId ?? entry.commandId,
    partnerId: entry.actor.partnerId,
    customerId: entry.customerId,
    ...(customerName !== undefined && { customerName }),
    userPrincipalName: entry.actor.userPrincipalName,
    applicationId: entry.actor.applicationId,
    resourceType: resourceTypeOf(entry),
    operationType: entry.operationType ?? entry.type,
    operationDate: entry.occurredAt,
    operationStatus: accepted ? 'succeeded' : 'failed',
    resourceOldValue: accepted ? values('oldValue') : undefined,
    resourceNewValue: accepted ? values('newValue') : undefined,
    customizedData: [
      { key: 'CommandId', value: entry.commandId },
      ...(entry.version !== undefined ? [{ key: 'Version', value: String(entry.version) }] : []),
      ...(entry.reason !== undefined ? [{ key: 'Reason', value: entry.reason }] : []),
      ...(entry.rejection ? [{ key: 'ErrorCode', value: String(entry.rejection.code) }] : []),
    ],
    originalCorrelationId: entry.correlationId,
    attributes: { objectType: 'AuditRecord' },
  };
}
