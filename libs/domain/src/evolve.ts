import { AccountResource, CustomerAccountState, initialState } from './account/customer-account';
import { PurchasePermission } from './account/purchase-permission';
import { CustomerAccountEvent } from './events/customer-account-event';
import { applyFieldChanges } from './events/field-changes';

type Registered = Extract<CustomerAccountState, { status: 'registered' }>;

/** Folds one event into the state. Trusts the event: rules were checked when it was decided. */
export function evolve(state: CustomerAccountState, event: CustomerAccountEvent): CustomerAccountState {
  const version = state.version + 1;
  if (event.type === 'CustomerRegistered') {
    const { customerId, partnerId, companyProfile, billingProfile } = event.data;
    const resourceVersions = { billingProfile: version, companyProfile: version, purchasePermissions: version };
    return {
      status: 'registered',
      customerId,
      partnerId,
      companyProfile,
      billingProfile,
      purchasePermissions: [],
      version,
      resourceVersions,
    };
  }
  if (state.status !== 'registered') {
    throw new Error(`${event.type} cannot apply to an account that was never registered`);
  }
  // A state read back from a document written before resources had versions of their own counts
  // them from the account's version: later than the truth, so an ETag is only ever judged stricter.
  const current = state.resourceVersions ?? {
    billingProfile: state.version,
    companyProfile: state.version,
    purchasePermissions: state.version,
  };
  const changed = (resource: AccountResource) => ({ ...current, [resource]: version });
  switch (event.type) {
    case 'BillingProfileUpdated':
      return withErased(
        {
          ...state,
          version,
          resourceVersions: changed('billingProfile'),
          billingProfile: applyFieldChanges(state.billingProfile, event.data.changes),
        },
        (state.erasedFields ?? []).filter(
          (path) => !event.data.changes.some((change) => change.newValue !== undefined && `billingProfile.${change.field}` === path),
        ),
      );
    case 'CompanyProfileUpdated':
      return {
        ...state,
        version,
        resourceVersions: changed('companyProfile'),
        companyProfile: applyFieldChanges(state.companyProfile, event.data.changes),
      };
    case 'PurchasePermissionGranted':
      return {
        ...state,
        version,
        resourceVersions: changed('purchasePermissions'),
        purchasePermissions: sorted([...withoutPermission(state.purchasePermissions, event.data), event.data]),
      };
    case 'PurchasePermissionRevoked':
      return {
        ...state,
        version,
        resourceVersions: changed('purchasePermissions'),
        purchasePermissions: withoutPermission(state.purchasePermissions, event.data),
      };
    case 'CustomerPersonalDataForgotten': {
      const billingFields = event.data.fields
        .filter((path) => path.startsWith('billingProfile.'))
        .map((path) => path.slice('billingProfile.'.length));
      const billingProfile = applyFieldChanges(
        state.billingProfile,
        billingFields.map((field) => ({ field })),
      );
      return withErased(
        { ...state, version, resourceVersions: changed('billingProfile'), billingProfile },
        [...new Set([...(state.erasedFields ?? []), ...event.data.fields])].sort(),
      );
    }
    case 'LegalHoldPlaced':
      return { ...state, version, legalHold: true };
    case 'LegalHoldReleased': {
      const { legalHold: _held, ...released } = state;
      return { ...released, version };
    }
    default: {
      const unhandled: never = event;
      throw new Error(`Unknown event ${(unhandled as CustomerAccountEvent).type}`);
    }
  }
}

/** The list of erased fields is left out when empty, so that an account that never forgot anything has none. */
function withErased(state: Registered, erasedFields: string[]): Registered {
  const { erasedFields: _, ...rest } = state;
  return erasedFields.length > 0 ? { ...rest, erasedFields } : rest;
}

/** Folds a whole stream, in order, from the initial state. */
export function fold(events: Iterable<CustomerAccountEvent>, state: CustomerAccountState = initialState()): CustomerAccountState {
  for (const event of events) state = evolve(state, event);
  return state;
}

export function hasPermission(permissions: PurchasePermission[], wanted: PurchasePermission): boolean {
  return permissions.some((p) => p.resource === wanted.resource && p.action === wanted.action);
}

function withoutPermission(permissions: PurchasePermission[], removed: PurchasePermission): PurchasePermission[] {
  return permissions.filter((p) => !(p.resource === removed.resource && p.action === removed.action));
}

function sorted(permissions: PurchasePermission[]): PurchasePermission[] {
  return permissions
    .map(({ resource, action }) => ({ resource, action }))
    .sort((a, b) => `${a.resource}/${a.action}`.localeCompare(`${b.resource}/${b.action}`));
}
