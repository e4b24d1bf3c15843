import { mapInParallel } from './map-in-parallel';

describe('mapInParallel', () => {
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it("keeps the items' order whatever order the calls finish in, with never more than the limit under way", async () => {
    let underWay = 0;
    let most = 0;
    const results = await mapInParallel([5, 1, 4, 2, 3], 2, async (n) => {
      most = Math.max(most, ++underWay);
      for (let i = 0; i < n; i++) await settle();
      underWay -= 1;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });

  it('answers an empty list without calling anything', async () => {
    const map = jest.fn();
    expect(await mapInParallel([], 4, map)).toEqual([]);
    expect(map).not.toHaveBeenCalled();
  });

  it('fails with the first failure', async () => {
    await expect(
      mapInParallel([1, 2, 3], 2, async (n) => {
        if (n === 2) throw new Error('two failed');
        return n;
      }),
    ).rejects.toThrow('two failed');
  });
});
