import fc from 'fast-check';
import { Partitioners } from 'kafkajs';
import { partitionOfKey } from './key-partition';

describe('partitionOfKey', () => {
  it('given any key and partition count, names the partition the producer itself picks, within the topic', () => {
    const producerPicks = Partitioners.DefaultPartitioner();
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1 }), fc.integer({ min: 1, max: 64 }), (key, partitions) => {
        const partition = partitionOfKey(key, partitions);
        expect(partition).toBeGreaterThanOrEqual(0);
        expect(partition).toBeLessThan(partitions);
        const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
          partitionId,
          leader: partitionId,
          partitionErrorCode: 0,
          replicas: [partitionId],
          isr: [partitionId],
        }));
        expect(partition).toBe(producerPicks({ topic: 'events', partitionMetadata, message: { key, value: null } }));
      }),
    );
  });

  it('given the keys of many customers, spreads them over every partition', () => {
    const counts = [0, 0, 0];
    for (let i = 0; i < 3_000; i++) counts[partitionOfKey(`customer-${i}`, 3)] += 1;
    for (const count of counts) expect(count).toBeGreaterThan(800);
  });
});
