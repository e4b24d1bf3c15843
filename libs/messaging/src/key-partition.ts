import { PartitionMetadata, Partitioners } from 'kafkajs';

const partitioner = Partitioners.DefaultPartitioner();

/** The partitioner's view of a topic of each size, made once: it is asked on every append. */
const topicsOfSize = new Map<number, PartitionMetadata[]>();

/**
 * The partition Kafka's default partitioner (murmur2, as the Java client's) gives `key` in a
 * topic of `partitions`: the one the producer sends it to, known before anything is sent.
 */
export function partitionOfKey(key: string, partitions: number): number {
  let partitionMetadata = topicsOfSize.get(partitions);
  if (!partitionMetadata) {
    partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
      partitionId,
      leader: 0,
      partitionErrorCode: 0,
      replicas: [0],
      isr: [0],
    }));
    topicsOfSize.set(partitions, partitionMetadata);
  }
  return partitioner({ topic: '', partitionMetadata, message: { key, value: null } });
}
