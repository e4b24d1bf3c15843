import { Actor, Role } from '../account/actor';
import { CustomerAccountState } from '../account/customer-account';
import { CustomerAccountCommandType } from '../commands/customer-account-command';
import { DomainError } from '../errors/domain-error';
import { ErrorCodes } from '../errors/error-codes';

/**
 * Who may do what (docs/domain.md). Sales and helpdesk agents may read permissions but only an
 * admin agent or a global admin turns them on or off; billing admins have no access here;
 * auditors read everything and change nothing.
 */
export const MAY_ISSUE: Readonly<Record<CustomerAccountCommandType, readonly Role[]>> = {
  RegisterCustomer: ['AdminAgent', 'GlobalAdmin'],
  UpdateCustomerDetails: ['AdminAgent', 'SalesAgent', 'HelpdeskAgent', 'GlobalAdmin'],
  GrantPurchasePermission: ['AdminAgent', 'GlobalAdmin'],
  RevokePurchasePermission: ['AdminAgent', 'GlobalAdmin'],
  SetPurchasePermissions: ['AdminAgent', 'GlobalAdmin'],
  ForgetCustomerPersonalData: ['AdminAgent', 'GlobalAdmin'],
  // A hold stops admin agents erasing records; only the partner's global admins place or lift it.
  PlaceLegalHold: ['GlobalAdmin'],
  ReleaseLegalHold: ['GlobalAdmin'],
};

export const MAY_READ: readonly Role[] = ['AdminAgent', 'SalesAgent', 'HelpdeskAgent', 'GlobalAdmin', 'Auditor'];
/** The full history, past states, exports and verification: for auditors, and global admins who answer for the partner. */
export const MAY_AUDIT: readonly Role[] = ['Auditor', 'GlobalAdmin'];

function requireRole(actor: Actor, allowed: readonly Role[], what: string): void {
  if (!actor.roles.some((role) => allowed.includes(role))) {
    throw new DomainError('forbidden', ErrorCodes.RoleNotAllowed, `${what} needs one of the roles ${allowed.join(', ')}`);
  }
}

export function authorizeCommand(type: CustomerAccountCommandType, actor: Actor): void {
  requireRole(actor, MAY_ISSUE[type], type);
}

/**
 * Whether the actor may be given the stored result of a command: only if it could have sent
 * that command itself, for a customer of its own partner. A command id is no secret (it is
 * in the history and on the results topic), so knowing one proves nothing.
 */
export function authorizeReplay(type: CustomerAccountCommandType, actor: Actor, owner: { partnerId: string }): void {
  authorizeCommand(type, actor);
  requireOwnPartner(actor, owner);
}

/** Reads of an account: a reading role, and the account must belong to the actor's partner. */
export function authorizeRead(actor: Actor, account: { partnerId: string }): void {
  requireRole(actor, MAY_READ, 'Reading a customer account');
  requireOwnPartner(actor, account);
}

/** Audit reads: an auditing role; for one customer's records, the customer must be the actor's partner's. */
export function authorizeAudit(actor: Actor, account?: { partnerId: string }): void {
  requireRole(actor, MAY_AUDIT, 'Reading the audit trail');
  if (account) requireOwnPartner(actor, account);
}

/**
 * Work over every partner's data or figures (a replay of the read model, the pipeline's lag):
 * the Operator role, in a token of the operator tenant. Without an operator tenant configured
 * nobody has it over HTTP; the CLI, run with the database's credentials, still does.
 */
/** The role of operators' work; honoured only in a token of the operator tenant. */
export const MAY_OPERATE: readonly Role[] = ['Operator'];

export function authorizeOperator(actor: Actor, operatorTenantId: string | undefined): void {
  if (!actor.roles.some((role) => MAY_OPERATE.includes(role)) || operatorTenantId === undefined || actor.partnerId !== operatorTenantId) {
    throw new DomainError(
      'forbidden',
      ErrorCodes.RoleNotAllowed,
      "This is the platform operators' work: it needs the Operator role in a token of the operator tenant",
    );
  }
}

export function requireOwnPartner(actor: Actor, account: { partnerId: string }): void {
  if (account.partnerId !== actor.partnerId) {
    throw new DomainError('forbidden', ErrorCodes.CustomerOfAnotherPartner, 'The customer belongs to another partner');
  }
}

export function requireRegistered(
  state: CustomerAccountState,
  customerId: string,
): asserts state is Extract<CustomerAccountState, { status: 'registered' }> {
  if (state.status !== 'registered') {
    throw new DomainError('not-found', ErrorCodes.CustomerNotFound, `Customer ${customerId} was not found`);
  }
}
