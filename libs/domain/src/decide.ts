import { BillingProfile } from './account/billing-profile';
import { CompanyProfile } from './account/company-profile';
import { CustomerAccountState } from './account/customer-account';
import { hasPermission } from './evolve';
import {
  CustomerAccountCommand,
  ForgetCustomerPersonalData,
  GrantPurchasePermission,
  RegisterCustomer,
  RevokePurchasePermission,
  SetPurchasePermissions,
  UpdateCustomerDetails,
} from './commands/customer-account-command';
import { CustomerAccountEvent } from './events/customer-account-event';
import { diffFields } from './events/field-changes';
import { DomainError } from './errors/domain-error';
import { ErrorCodes } from './errors/error-codes';
import { normalizeBillingProfile, normalizeCompanyProfile, validateAccount } from './rules/account-rules';
import { authorizeCommand, requireOwnPartner, requireRegistered } from './rules/authorization';
import { applyMergePatch } from './commands/merge-patch';
import { PERSONAL_DATA_FIELDS } from './account/personal-data';
import { requireReason } from './rules/change-reason';

type Registered = Extract<CustomerAccountState, { status: 'registered' }>;

/**
 * The one place business rules live: the events a command produces from the current
 * state, or a DomainError. No events means an accepted command that changes nothing.
 */
export function decide(command: CustomerAccountCommand, state: CustomerAccountState): CustomerAccountEvent[] {
  authorizeCommand(command.type, command.metadata.actor);
  if (command.type === 'RegisterCustomer') return register(command, state);

  requireRegistered(state, command.data.customerId);
  requireOwnPartner(command.metadata.actor, state);
  requireExpectedVersion(command, state);
  switch (command.type) {
    case 'UpdateCustomerDetails':
      return updateDetails(command, state);
    case 'GrantPurchasePermission':
      return grant(command, state);
    case 'RevokePurchasePermission':
      return revoke(command, state);
    case 'SetPurchasePermissions':
      return setPermissions(command, state);
    case 'ForgetCustomerPersonalData':
      return forget(command, state);
    case 'PlaceLegalHold':
      requireReason(command.type, command.metadata.reason);
      return state.legalHold ? [] : [{ type: 'LegalHoldPlaced', data: {} }];
    case 'ReleaseLegalHold':
      requireReason(command.type, command.metadata.reason);
      return state.legalHold ? [{ type: 'LegalHoldReleased', data: {} }] : [];
    default: {
      const unhandled: never = command;
      throw new Error(`Unknown command ${(unhandled as CustomerAccountCommand).type}`);
    }
  }
}

function requireExpectedVersion(command: CustomerAccountCommand, state: Registered): void {
  const scoped = command.metadata.expectedResourceVersion;
  if (scoped) {
    // Another resource's change since then does not make this one stale: one ETag per resource, as Partner Center keeps.
    const changedAt = state.resourceVersions[scoped.resource];
    if (scoped.version < changedAt || scoped.version > state.version)
      throw new DomainError(
        'stale-version',
        ErrorCodes.EtagNoLongerValid,
        scoped.version > state.version
          ? `The account is at version ${state.version}, not yet ${scoped.version}: read it again and retry`
          : `The ${scoped.resource} changed at version ${changedAt}, after version ${scoped.version}: read it again and retry`,
      );
  }
  const expected = command.metadata.expectedVersion;
  if (expected !== undefined && expected !== state.version) {
    throw new DomainError(
      'stale-version',
      ErrorCodes.EtagNoLongerValid,
      `The account is at version ${state.version}, not ${expected}: read it again and retry`,
    );
  }
}

function register(command: RegisterCustomer, state: CustomerAccountState): CustomerAccountEvent[] {
  const { customerId } = command.data;
  if (state.status === 'registered') {
    throw new DomainError('conflict', ErrorCodes.CustomerAlreadyExists, `Customer ${customerId} already exists`);
  }
  const companyProfile = normalizeCompanyProfile({ ...command.data.companyProfile, tenantId: customerId });
  const billingProfile = normalizeBillingProfile(command.data.billingProfile);
  const errors = validateAccount(companyProfile, billingProfile);
  if (errors.length > 0) throw DomainError.invalid(errors);
  return [
    {
      type: 'CustomerRegistered',
      data: { customerId, partnerId: command.metadata.actor.partnerId, companyProfile, billingProfile },
    },
  ];
}

function updateDetails(command: UpdateCustomerDetails, state: Registered): CustomerAccountEvent[] {
  const { billingProfile: billingUpdate, companyProfile: companyPatch } = command.data;
  const billingProfile =
    billingUpdate === undefined
      ? state.billingProfile
      : normalizeBillingProfile(
          'replace' in billingUpdate ? billingUpdate.replace : applyMergePatch<BillingProfile>(state.billingProfile, billingUpdate.merge),
        );
  const companyProfile =
    companyPatch === undefined
      ? state.companyProfile
      : normalizeCompanyProfile(applyMergePatch<CompanyProfile>(state.companyProfile, companyPatch));

  const errors = validateAccount(companyProfile, billingProfile, state.erasedFields, state.billingProfile);
  if (errors.length > 0) throw DomainError.invalid(errors);

  const events: CustomerAccountEvent[] = [];
  const billingChanges = diffFields(state.billingProfile, billingProfile);
  if (billingChanges.length > 0) events.push({ type: 'BillingProfileUpdated', data: { changes: billingChanges } });
  const companyChanges = diffFields(state.companyProfile, companyProfile);
  if (companyChanges.length > 0) events.push({ type: 'CompanyProfileUpdated', data: { changes: companyChanges } });
  return events;
}

function grant(command: GrantPurchasePermission, state: Registered): CustomerAccountEvent[] {
  const { resource, action } = command.data;
  if (hasPermission(state.purchasePermissions, { resource, action })) return [];
  return [{ type: 'PurchasePermissionGranted', data: { resource, action } }];
}

function revoke(command: RevokePurchasePermission, state: Registered): CustomerAccountEvent[] {
  const { resource, action } = command.data;
  if (!hasPermission(state.purchasePermissions, { resource, action })) return [];
  return [{ type: 'PurchasePermissionRevoked', data: { resource, action } }];
}

/** Grants what is listed and not held, then revokes what is held and not listed; a list given twice over counts once. */
function setPermissions(command: SetPurchasePermissions, state: Registered): CustomerAccountEvent[] {
  const wanted = command.data.permissions;
  const granted: CustomerAccountEvent[] = [];
  for (const [index, permission] of wanted.entries()) {
    const listedBefore = wanted.slice(0, index).some((earlier) => hasPermission([earlier], permission));
    if (!listedBefore && !hasPermission(state.purchasePermissions, permission)) {
      granted.push({ type: 'PurchasePermissionGranted', data: { resource: permission.resource, action: permission.action } });
    }
  }
  const revoked: CustomerAccountEvent[] = state.purchasePermissions
    .filter((held) => !hasPermission(wanted, held))
    .map(({ resource, action }) => ({ type: 'PurchasePermissionRevoked', data: { resource, action } }));
  return [...granted, ...revoked];
}

/** Erases every personal field that holds a value; with none left, there is nothing to forget. */
function forget(_command: ForgetCustomerPersonalData, state: Registered): CustomerAccountEvent[] {
  if (state.legalHold)
    throw new DomainError(
      'conflict',
      ErrorCodes.CustomerOnLegalHold,
      `Customer ${state.customerId} is on legal hold: its personal data cannot be forgotten until the hold is released`,
    );
  const account = { billingProfile: state.billingProfile } as Record<string, unknown>;
  const fields = PERSONAL_DATA_FIELDS.filter((path) => valueAt(account, path) !== undefined);
  return fields.length === 0 ? [] : [{ type: 'CustomerPersonalDataForgotten', data: { fields } }];
}

function valueAt(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), value);
}
