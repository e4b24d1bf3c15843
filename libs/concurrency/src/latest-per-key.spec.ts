import { LatestPerKey } from './latest-per-key';

describe('LatestPerKey', () => {
  /** A write that records each call and finishes when told to. */
  function controlledWrite() {
    const writes: string[][] = [];
    const finish: Array<(error?: Error) => void> = [];
    const write = (values: string[]) =>
      new Promise<void>((resolve, reject) => {
        writes.push(values);
        finish.push((error) => (error ? reject(error) : resolve()));
      });
    return { writes, finishNext: (error?: Error) => finish.shift()!(error), write };
  }
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('writes a lone value at once, and the newest value of each key set meanwhile in the next write', async () => {
    const { writes, finishNext, write } = controlledWrite();
    const latest = new LatestPerKey(write, () => undefined);
    latest.set('p0', 'p0@1');
    latest.set('p0', 'p0@2');
    latest.set('p1', 'p1@1');
    latest.set('p0', 'p0@3');
    expect(writes).toEqual([['p0@1']]);
    finishNext();
    await settle();
    expect(writes).toEqual([['p0@1'], ['p0@3', 'p1@1']]);
    finishNext();
    await latest.flush();
    expect(writes).toHaveLength(2);
  });

  it('waits out the interval before the next write, unless flushed', async () => {
    const { writes, finishNext, write } = controlledWrite();
    const latest = new LatestPerKey(write, () => undefined, 60_000);
    latest.set('p0', 'p0@1');
    finishNext();
    latest.set('p0', 'p0@2');
    await settle();
    expect(writes).toEqual([['p0@1']]);
    const flushed = latest.flush();
    await settle();
    expect(writes).toEqual([['p0@1'], ['p0@2']]);
    finishNext();
    await flushed;
  });

  it('reports a failed write with its values, and writes what is set after it', async () => {
    const { writes, finishNext, write } = controlledWrite();
    const failures: Array<[string, string[]]> = [];
    const latest = new LatestPerKey(write, (error, values) => failures.push([(error as Error).message, values]));
    latest.set('p0', 'p0@1');
    latest.set('p1', 'p1@1');
    finishNext(new Error('coordinator moved'));
    await settle();
    expect(failures).toEqual([['coordinator moved', ['p0@1']]]);
    expect(writes).toEqual([['p0@1'], ['p1@1']]);
    finishNext();
    latest.set('p0', 'p0@2');
    await settle();
    expect(writes).toEqual([['p0@1'], ['p1@1'], ['p0@2']]);
    finishNext();
    await latest.flush();
  });
});
