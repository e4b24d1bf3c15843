/**
 * Work run one at a time for each key, in the order it was handed in, and side by side for
 * different keys. The command side decides each customer's commands in turn: two commands of
 * one customer decided at once on the same state race for the same version, and the loser is
 * decided again after reloading its stream. Under a queue of requests those races took a
 * large share of the appends, and a service started cold never caught up.
 */
export class OneAtATimePerKey {
  /** The end of each key's line: settles when the last work handed in for it is done, never rejects. */
  private readonly lines = new Map<string, Promise<void>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const result = (this.lines.get(key) ?? Promise.resolve()).then(work);
    const end = result.then(
      () => undefined,
      () => undefined,
    );
    this.lines.set(key, end);
    // A key whose line has emptied is let go: customers come and go.
    void end.then(() => {
      if (this.lines.get(key) === end) this.lines.delete(key);
    });
    return result;
  }

  /** Keys with work under way or waiting. */
  get busyKeys(): number {
    return this.lines.size;
  }
}
