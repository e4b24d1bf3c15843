/**
 * `map` over the items with at most `inFlight` calls under way, results in the items'
 * order. Many small reads side by side instead of in series: FerretDB answers a lookup by
 * `_id` quickly but reads a whole collection for anything else, so a batch of point
 * lookups beats one `$in` query there, and costs MongoDB little.
 */
export async function mapInParallel<T, R>(items: readonly T[], inFlight: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, items.length) }, lane));
  return results;
}
