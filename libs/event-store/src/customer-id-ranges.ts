/** Customer ids from `from` (inclusive) to `below` (exclusive); an absent bound is open. */
export interface CustomerIdRange {
  from?: string;
  below?: string;
}

/**
 * The ranges that `bounds` (ascending) cut the strings into, in order, without those at or
 * before `after`: together they hold every id after it, each exactly once.
 */
export function customerIdRanges(bounds: string[], after?: string): CustomerIdRange[] {
  const ranges: CustomerIdRange[] = [];
  for (let i = 0; i <= bounds.length; i++)
    ranges.push({ ...(i > 0 && { from: bounds[i - 1] }), ...(i < bounds.length && { below: bounds[i] }) });
  return ranges.filter(({ below }) => after === undefined || below === undefined || below > after);
}

/** A query condition on the customer id for ids in `range` and after `after`. */
export function customerIdCondition({ from, below }: CustomerIdRange, after?: string): Record<string, string> {
  return {
    ...(from !== undefined && { $gte: from }),
    ...(below !== undefined && { $lt: below }),
    ...(after !== undefined && (from === undefined || after >= from) && { $gt: after }),
  };
}
