/**
 * The latest value of each key, written in the background: one write in flight at a time,
 * carrying every key set since the one before (a value set while it waits replaces the
 * older one of its key). For positions whose newest value says it all, such as consumer
 * offsets and progress marks: under load many sets make one write, and nobody waits for a
 * round trip that only moves a position. A failed write is reported and its values
 * dropped: the next value of each key covers them.
 */
export class LatestPerKey<Value> {
  private readonly waiting = new Map<string, Value>();
  private writing?: Promise<void>;
  private endPause?: () => void;
  private flushing = 0;

  constructor(
    private readonly write: (values: Value[]) => Promise<void>,
    private readonly failed: (error: unknown, values: Value[]) => void,
    /** From the start of one write to the start of the next, unless flushed: fewer, larger writes. */
    private readonly minIntervalMs = 0,
  ) {}

  set(key: string, value: Value): void {
    this.waiting.set(key, value);
    this.writing ??= this.writeWhileWaiting();
  }

  /** Everything set so far written (or failed), without waiting out the interval. */
  async flush(): Promise<void> {
    this.flushing += 1;
    try {
      this.endPause?.();
      await this.writing;
    } finally {
      this.flushing -= 1;
    }
  }

  private async writeWhileWaiting(): Promise<void> {
    while (this.waiting.size > 0) {
      const started = Date.now();
      const values = [...this.waiting.values()];
      this.waiting.clear();
      await this.write(values).catch((error: unknown) => this.failed(error, values));
      const rest = this.minIntervalMs - (Date.now() - started);
      if (rest > 0 && this.flushing === 0) await this.pause(rest);
    }
    this.writing = undefined;
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.endPause = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.endPause = done;
    });
  }
}
