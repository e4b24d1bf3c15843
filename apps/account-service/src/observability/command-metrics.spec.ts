import fc from 'fast-check';
import { Registry } from 'prom-client';
import { CommandMetrics } from './command-metrics';

describe('CommandMetrics', () => {
  it('labels any command type a sender makes up as unknown, so that no sender adds series', async () => {
    const registry = new Registry();
    const metrics = new CommandMetrics(registry, { countUnpublished: async () => ({ commits: 0 }) });
    const madeUp = fc.sample(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }).filter((type) => !/^[A-Z][a-zA-Z]+$/.test(type)),
      { seed: 7, numRuns: 200 },
    );
    for (const type of madeUp) metrics.answered('kafka', type, 'rejected', 800002);
    metrics.answered('kafka', 'UpdateCustomerDetails', 'accepted');
    const { values } = await registry.getSingleMetric('customer_account_commands_total')!.get();
    expect(values.map((value) => value.labels.type).sort()).toEqual(['UpdateCustomerDetails', 'unknown']);
    expect(values.find((value) => value.labels.type === 'unknown')?.value).toBe(madeUp.length);
  });
});
