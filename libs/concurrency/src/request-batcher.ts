/** One request's share of a batch's answer: its own value, or its own error. */
export type Settled<Output> = { ok: true; value: Output } | { ok: false; error: unknown };

export interface RequestBatcherOptions {
  /** Batches on their way at once: more lets a request wait less, fewer makes batches bigger. */
  maxInFlight?: number;
  maxBatch?: number;
  /**
   * A request made while none is on its way waits for the rest of this turn of the event
   * loop, so that requests made side by side (the batches of the partitions of one Kafka
   * fetch) share the first round trip too, not only the ones after it.
   */
  gatherTurn?: boolean;
}

/**
 * Requests made while earlier ones are on their way to the database wait and go together
 * in the next round trip: under load, one query or one insert answers many commands (each
 * round trip costs both sides CPU in system calls); a lone request goes at once, as it
 * would have without batching (or at the end of this turn of the event loop, with
 * `gatherTurn`). `send` answers each request in the order given; an error it throws is
 * every request's error.
 */
export class RequestBatcher<Input, Output> {
  private waiting: Array<{ input: Input; resolve: (value: Output) => void; reject: (error: unknown) => void }> = [];
  private inFlight = 0;
  private gathering = false;
  private readonly maxInFlight: number;
  private readonly maxBatch: number;
  private readonly gatherTurn: boolean;

  constructor(
    private readonly send: (inputs: Input[]) => Promise<Settled<Output>[]>,
    { maxInFlight = 1, maxBatch = 500, gatherTurn = false }: RequestBatcherOptions = {},
  ) {
    this.maxInFlight = maxInFlight;
    this.maxBatch = maxBatch;
    this.gatherTurn = gatherTurn;
  }

  request(input: Input): Promise<Output> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      if (!this.gatherTurn) this.sendWaiting();
      else if (!this.gathering) {
        this.gathering = true;
        setImmediate(() => {
          this.gathering = false;
          this.sendWaiting();
        });
      }
    });
  }

  private sendWaiting(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      this.inFlight += 1;
      void this.sendBatch(this.waiting.splice(0, this.maxBatch));
    }
  }

  /** The next batch goes before this one's requests hear back, so that no request waits on another's caller. */
  private async sendBatch(batch: RequestBatcher<Input, Output>['waiting']): Promise<void> {
    let answers: Settled<Output>[];
    try {
      answers = await this.send(batch.map((request) => request.input));
      if (answers.length !== batch.length) throw new Error(`A batch of ${batch.length} requests got ${answers.length} answers`);
    } catch (error) {
      answers = batch.map(() => ({ ok: false, error }));
    }
    this.inFlight -= 1;
    this.sendWaiting();
    answers.forEach((answer, i) => (answer.ok ? batch[i].resolve(answer.value) : batch[i].reject(answer.error)));
  }
}
