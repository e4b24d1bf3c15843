import { isPersonalDataField, PERSONAL_DATA_FIELDS, withValueAt } from '@app/domain';

/** Where a personal value sits in an event; part of what its ciphertext is bound to. */
export interface ValuePlace {
  /** The field's path in the account, e.g. `billingProfile.email`. */
  field: string;
  /** `value` in a registration, `oldValue` or `newValue` in a change. */
  slot: 'value' | 'oldValue' | 'newValue';
}

/** What to put instead of a value: a new value, or undefined to leave the field out. */
export type ValueMapper = (value: unknown, place: ValuePlace) => unknown;

interface EventShape {
  type: string;
  data: object;
}

const BILLING = 'billingProfile.';

/** Where each personal field sits in a registration's billing profile, split once. */
const REGISTRATION_FIELDS = PERSONAL_DATA_FIELDS.map((field) => ({ field, path: field.slice(BILLING.length).split('.') }));

type Node = Record<string, unknown>;

/**
 * The event with each personal value replaced by what `map` gives. Only the two event
 * types that carry billing-profile values hold personal data; every other comes back as
 * it is. The stored and the plain form have the same places, so one walk serves sealing
 * and opening. Copies only what changes (the same event back when nothing does): a replay
 * walks every event of the store, and copying each whole profile showed in its profile.
 */
export function mapPersonalValues<E extends EventShape>(event: E, map: ValueMapper): E {
  if (event.type === 'CustomerRegistered') {
    const data = event.data as { billingProfile?: Node };
    if (!data.billingProfile) return event;
    let billingProfile = data.billingProfile;
    for (const { field, path } of REGISTRATION_FIELDS) {
      const value = path.reduce<unknown>((node, key) => (node as Node | undefined)?.[key], billingProfile);
      if (value === undefined) continue;
      const mapped = map(value, { field, slot: 'value' });
      if (mapped !== value) billingProfile = withValueAt(billingProfile, path, mapped);
    }
    return billingProfile === data.billingProfile ? event : { ...event, data: { ...data, billingProfile } };
  }
  if (event.type === 'BillingProfileUpdated') {
    const data = event.data as { changes: Array<Node & { field: string }> };
    let changed = false;
    const changes = data.changes.map((change) => {
      const field = `${BILLING}${change.field}`;
      if (!isPersonalDataField(field)) return change;
      let copy = change;
      for (const slot of ['oldValue', 'newValue'] as const) {
        const value = change[slot];
        if (value === undefined) continue;
        const mapped = map(value, { field, slot });
        if (mapped === value) continue;
        if (copy === change) copy = { ...change };
        if (mapped === undefined) delete copy[slot];
        else copy[slot] = mapped;
      }
      changed ||= copy !== change;
      return copy;
    });
    return changed ? { ...event, data: { ...data, changes } } : event;
  }
  return event;
}
