import { OneAtATimePerKey } from './one-at-a-time-per-key';

describe('OneAtATimePerKey', () => {
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it("runs one key's work in the order handed in, never two at once, while other keys go side by side", async () => {
    const lines = new OneAtATimePerKey();
    const underWay = new Map<string, number>();
    let mostForOneKey = 0;
    let mostOverall = 0;
    const finished: string[] = [];
    const work = (key: string, name: string, turns: number) =>
      lines.run(key, async () => {
        underWay.set(key, (underWay.get(key) ?? 0) + 1);
        mostForOneKey = Math.max(mostForOneKey, underWay.get(key)!);
        mostOverall = Math.max(
          mostOverall,
          [...underWay.values()].reduce((sum, n) => sum + n, 0),
        );
        for (let i = 0; i < turns; i++) await settle();
        underWay.set(key, underWay.get(key)! - 1);
        finished.push(name);
        return name;
      });
    const results = await Promise.all([work('a', 'a1', 3), work('a', 'a2', 1), work('b', 'b1', 2), work('a', 'a3', 0)]);
    expect(results).toEqual(['a1', 'a2', 'b1', 'a3']);
    expect(finished.filter((name) => name.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(mostForOneKey).toBe(1);
    expect(mostOverall).toBe(2);
  });

  it("gives each caller its own failure, and the key's next work still runs", async () => {
    const lines = new OneAtATimePerKey();
    const failing = lines.run('a', async () => {
      throw new Error('first failed');
    });
    const next = lines.run('a', async () => 'second ran');
    await expect(failing).rejects.toThrow('first failed');
    await expect(next).resolves.toBe('second ran');
  });

  it('lets go of a key once its line is empty', async () => {
    const lines = new OneAtATimePerKey();
    let release!: () => void;
    const held = lines.run('a', () => new Promise<void>((resolve) => (release = resolve)));
    const queued = lines.run('a', async () => undefined);
    expect(lines.busyKeys).toBe(1);
    await settle();
    release();
    await Promise.all([held, queued]);
    await settle();
    expect(lines.busyKeys).toBe(0);
  });
});
