import { RequestBatcher, Settled } from './request-batcher';

describe('RequestBatcher', () => {
  /** A send that records each batch and answers when told to. */
  function controlledSend() {
    const batches: number[][] = [];
    const answers: Array<() => void> = [];
    const send = (inputs: number[]) =>
      new Promise<Settled<number>[]>((resolve) => {
        batches.push(inputs);
        answers.push(() =>
          resolve(inputs.map((n) => (n < 0 ? { ok: false, error: new Error(`negative ${n}`) } : { ok: true, value: n * 10 }))),
        );
      });
    return { batches, answerNext: () => answers.shift()!(), send };
  }
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('sends a lone request at once, and those made meanwhile together in the next batch', async () => {
    const { batches, answerNext, send } = controlledSend();
    const batcher = new RequestBatcher(send);
    const first = batcher.request(1);
    const later = [batcher.request(2), batcher.request(3), batcher.request(4)];
    expect(batches).toEqual([[1]]);
    answerNext();
    expect(await first).toBe(10);
    expect(batches).toEqual([[1], [2, 3, 4]]);
    answerNext();
    expect(await Promise.all(later)).toEqual([20, 30, 40]);
  });

  it('gives each request its own error and the others their values', async () => {
    const { answerNext, send } = controlledSend();
    const batcher = new RequestBatcher(send);
    const blocking = batcher.request(0);
    const results = [batcher.request(5), batcher.request(-1), batcher.request(6)].map((promise) =>
      promise.then(String, (error: Error) => error.message),
    );
    answerNext();
    await blocking;
    await settle();
    answerNext();
    expect(await Promise.all(results)).toEqual(['50', 'negative -1', '60']);
  });

  it('fails every request of a batch whose send fails, and sends the next batch anyway', async () => {
    let calls = 0;
    const batcher = new RequestBatcher<number, number>(async (inputs) => {
      calls += 1;
      if (calls === 1) throw new Error('connection lost');
      return inputs.map((n) => ({ ok: true, value: n }));
    });
    const failed = batcher.request(1).catch((error: Error) => error.message);
    const next = batcher.request(2);
    expect(await failed).toBe('connection lost');
    expect(await next).toBe(2);
  });

  it("refuses an answer that does not match its batch, rather than give requests each other's values", async () => {
    const batcher = new RequestBatcher<number, number>(async (inputs) => inputs.slice(1).map((n) => ({ ok: true, value: n })));
    const first = batcher.request(1);
    const together = [batcher.request(2), batcher.request(3)];
    await expect(first).rejects.toThrow('A batch of 1 requests got 0 answers');
    for (const request of together) await expect(request).rejects.toThrow('A batch of 2 requests got 1 answers');
  });

  it('keeps at most the given number of batches on their way, and no batch above the given size', async () => {
    const { batches, answerNext, send } = controlledSend();
    const batcher = new RequestBatcher(send, { maxInFlight: 2, maxBatch: 3 });
    const all = Array.from({ length: 8 }, (_, i) => batcher.request(i));
    expect(batches).toEqual([[0], [1]]);
    answerNext();
    await settle();
    expect(batches).toEqual([[0], [1], [2, 3, 4]]);
    answerNext();
    await settle();
    expect(batches).toEqual([[0], [1], [2, 3, 4], [5, 6, 7]]);
    answerNext();
    answerNext();
    expect(await Promise.all(all)).toEqual([0, 10, 20, 30, 40, 50, 60, 70]);
  });

  it('with gatherTurn, sends the requests of one turn of the event loop together, even the first', async () => {
    const { batches, answerNext, send } = controlledSend();
    const batcher = new RequestBatcher(send, { gatherTurn: true });
    const sideBySide = [batcher.request(1), Promise.resolve().then(() => batcher.request(2)), batcher.request(3)];
    expect(batches).toEqual([]);
    await settle();
    expect(batches).toEqual([[1, 3, 2]]);
    answerNext();
    expect(await Promise.all(sideBySide)).toEqual([10, 20, 30]);
  });

  it('with gatherTurn, still keeps one batch on its way and gathers what comes meanwhile', async () => {
    const { batches, answerNext, send } = controlledSend();
    const batcher = new RequestBatcher(send, { gatherTurn: true });
    const first = batcher.request(1);
    await settle();
    const later = [batcher.request(2), batcher.request(3)];
    await settle();
    expect(batches).toEqual([[1]]);
    answerNext();
    await settle();
    expect(batches).toEqual([[1], [2, 3]]);
    answerNext();
    expect(await Promise.all([first, ...later])).toEqual([10, 20, 30]);
  });
});
