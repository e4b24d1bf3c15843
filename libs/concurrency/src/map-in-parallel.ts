/**
 * `map` over the items with at most `inFlight` calls under way, results in the items'
 * order: independent pieces of work side by side (the customers of a chunk of commands),
 * without starting all of them at once against a bounded connection pool.
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
