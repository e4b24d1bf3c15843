import { FieldChange } from './field-change';

type Flat = Map<string, string>;

/** `{a: 'x', b: {c: 'y'}}` becomes `a => x, b.c => y`; absent fields are left out. */
function flatten(value: object, prefix = '', into: Flat = new Map()): Flat {
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined || child === null) continue;
    const path = prefix + key;
    if (typeof child === 'object') flatten(child, `${path}.`, into);
    else into.set(path, String(child));
  }
  return into;
}

/** The fields that differ between two versions of a profile, in a stable order. */
export function diffFields(before: object, after: object): FieldChange[] {
  const old = flatten(before);
  const now = flatten(after);
  const fields = [...new Set([...old.keys(), ...now.keys()])].sort();
  return fields
    .filter((field) => old.get(field) !== now.get(field))
    .map((field) => ({
      field,
      ...(old.has(field) && { oldValue: old.get(field) }),
      ...(now.has(field) && { newValue: now.get(field) }),
    }));
}

/**
 * Applies changes to a copy of a profile; a change without a new value removes the field.
 * Only the objects on a changed path are copied: the rest is shared with the profile given,
 * which is never modified (a fold applies every change of a stream this way).
 */
export function applyFieldChanges<T extends object>(profile: T, changes: FieldChange[]): T {
  let result = profile as unknown as Record<string, unknown>;
  for (const { field, newValue } of changes) result = withValueAt(result, field.split('.'), newValue);
  return result as unknown as T;
}

/**
 * A copy of `node` with the value at `path` set, or left out when it is undefined; missing
 * objects on the way are made. Only the objects on the path are copied, the rest is shared.
 */
export function withValueAt(node: Record<string, unknown> | undefined, [key, ...rest]: string[], value: unknown): Record<string, unknown> {
  const copy = { ...node };
  if (rest.length > 0) copy[key] = withValueAt(node?.[key] as Record<string, unknown> | undefined, rest, value);
  else if (value === undefined) delete copy[key];
  else copy[key] = value;
  return copy;
}
