import { isPersonalDataField, PERSONAL_DATA_FIELDS } from '@app/domain';

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

/**
 * A copy of the event with each personal value replaced by what `map` gives. Only the two
 * event types that carry billing-profile values hold personal data; every other comes back
 * as it is. The stored and the plain form have the same places, so one walk serves sealing
 * and opening.
 */
export function mapPersonalValues<E extends EventShape>(event: E, map: ValueMapper): E {
  if (event.type === 'CustomerRegistered') {
    const data = event.data as { billingProfile?: Record<string, unknown> };
    if (!data.billingProfile) return event;
    const billingProfile = structuredClone(data.billingProfile);
    for (const field of PERSONAL_DATA_FIELDS) {
      const path = field.slice(BILLING.length).split('.');
      const leaf = path.pop()!;
      const parent = path.reduce<Record<string, unknown> | undefined>((node, key) => node?.[key] as Record<string, unknown> | undefined, billingProfile);
      if (parent === undefined || parent[leaf] === undefined) continue;
      const mapped = map(parent[leaf], { field, slot: 'value' });
      if (mapped === undefined) delete parent[leaf];
      else parent[leaf] = mapped;
    }
    return { ...event, data: { ...data, billingProfile } };
  }
  if (event.type === 'BillingProfileUpdated') {
    const data = event.data as { changes: Array<Record<string, unknown> & { field: string }> };
    const changes = data.changes.map((change) => {
      const field = `${BILLING}${change.field}`;
      if (!isPersonalDataField(field)) return change;
      const copy = { ...change };
      for (const slot of ['oldValue', 'newValue'] as const) {
        if (copy[slot] === undefined) continue;
        const mapped = map(copy[slot], { field, slot });
        if (mapped === undefined) delete copy[slot];
        else copy[slot] = mapped;
      }
      return copy;
    });
    return { ...event, data: { ...data, changes } };
  }
  return event;
}
