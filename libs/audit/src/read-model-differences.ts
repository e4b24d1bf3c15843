import { CustomerAccountState } from '@app/domain';

/** One field where the read model does not say what the events say. */
export interface ReadModelDifference {
  customerId: string;
  field: string;
  eventStore?: unknown;
  readModel?: unknown;
}

/**
 * Bookkeeping of the projector, not part of the account; and the resources' ETags, which a
 * document written before resources had their own carries none of, or later ones counted from
 * the account's version. Either errs only to the safe side: If-Match is judged on the fold.
 */
const NOT_COMPARED = new Set(['_id', 'lastEventId', 'updatedAt', 'resourceVersions']);

/** Compares the fold of a customer's events with its read-model document, field by field. */
export type ReadModelDifferences = ReadModelDifference[];

export function readModelDifferences(
  customerId: string,
  folded: CustomerAccountState,
  document: object | null | undefined,
): ReadModelDifference[] {
  if (folded.status !== 'registered') {
    return document ? [{ customerId, field: '(account)', readModel: 'present' }] : [];
  }
  if (!document) return [{ customerId, field: '(account)', eventStore: `version ${folded.version}` }];
  const { status: _status, ...expected } = folded;
  const want = flatten(Object.fromEntries(Object.entries(expected).filter(([key]) => !NOT_COMPARED.has(key))));
  const have = flatten(Object.fromEntries(Object.entries(document).filter(([key]) => !NOT_COMPARED.has(key))));
  return [...new Set([...want.keys(), ...have.keys()])]
    .sort()
    .filter((field) => want.get(field) !== have.get(field))
    .map((field) => ({
      customerId,
      field,
      ...(want.has(field) && { eventStore: JSON.parse(want.get(field)!) }),
      ...(have.has(field) && { readModel: JSON.parse(have.get(field)!) }),
    }));
}

/** Leaves by dotted path, each as JSON; arrays are compared whole. */
function flatten(value: object, prefix = '', into = new Map<string, string>()): Map<string, string> {
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined || child === null) continue;
    const path = prefix + key;
    if (typeof child === 'object' && !Array.isArray(child)) flatten(child, `${path}.`, into);
    else into.set(path, JSON.stringify(child));
  }
  return into;
}
