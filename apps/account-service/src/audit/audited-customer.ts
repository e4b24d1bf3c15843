import { Actor, authorizeAudit, DomainError, ErrorCodes } from '@app/domain';
import { AuditTrail, CustomerRecord } from '@app/audit';
import { requireGuid } from '../http/request-context';

/**
 * A customer's records for an actor allowed to audit them. The role is checked before the
 * customer is looked up, so that nobody without it learns which customers exist.
 */
export async function auditedCustomer(trail: AuditTrail, customerId: string, actor: Actor): Promise<CustomerRecord> {
  authorizeAudit(actor);
  const id = requireGuid('customerId', customerId);
  const record = await trail.customer(id);
  if (!record) throw new DomainError('not-found', ErrorCodes.CustomerNotFound, `Customer ${id} was not found`);
  authorizeAudit(actor, record);
  return record;
}
