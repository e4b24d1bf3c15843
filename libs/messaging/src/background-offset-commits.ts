import { LatestPerKey } from '@app/concurrency';
import { Consumer, TopicPartitionOffset } from 'kafkajs';

/**
 * A consumer's offsets committed in the background, the newest of each partition, one
 * commit in flight carrying every partition done meanwhile: the next batch does not wait
 * for a round trip that only moves a position. Work done since the last commit that
 * landed is done again after a crash or a rebalance, so what is done must be idempotent;
 * a leaving consumer flushes first.
 */
export class BackgroundOffsetCommits {
  private readonly latest: LatestPerKey<TopicPartitionOffset>;

  constructor(consumer: () => Consumer | undefined, warn: (message: string) => void, minIntervalMs = 0) {
    this.latest = new LatestPerKey<TopicPartitionOffset>(
      async (offsets) => consumer()?.commitOffsets(offsets),
      (error, offsets) => {
        const which = offsets.map(({ topic, partition, offset }) => `${offset} of ${topic} partition ${partition}`).join(', ');
        warn(`Could not commit offsets ${which} (the next commit covers them): ${(error as Error).message}`);
      },
      minIntervalMs,
    );
  }

  /** Everything up to and including `lastOffset` of the partition is done. */
  doneUpTo(topic: string, partition: number, lastOffset: string): void {
    this.latest.set(`${topic}|${partition}`, { topic, partition, offset: (BigInt(lastOffset) + 1n).toString() });
  }

  flush(): Promise<void> {
    return this.latest.flush();
  }
}
