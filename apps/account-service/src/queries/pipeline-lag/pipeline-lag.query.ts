import { OutboxQueries } from '@app/outbox';
import { projectorGroupId, Topics } from '@app/messaging';
import { CONFIG, KAFKA, TOPICS } from '@app/platform';
import { ProjectionProgress } from '@app/read-model';
import { ServiceConfig } from '@app/config';
import { Inject, OnModuleDestroy } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Admin, Kafka } from 'kafkajs';

export interface PartitionLag {
  partition: number;
  /** The next offset Kafka will write. */
  endOffset: string;
  /** The next offset the projector will read. */
  committedOffset: string;
  eventsBehind: number;
  /**
   * With events pending, how old the newest event the read model applied from this
   * partition is (null if it applied none yet); 0 when nothing is pending.
   */
  secondsBehind: number | null;
}

export interface PipelineLag {
  /** Committed events that Kafka does not have yet. */
  outbox: { unpublishedCommits: number; oldestSeconds: number };
  projector: { topic: string; groupId: string; partitions: PartitionLag[] };
}

/** How far Kafka and the read model are behind the event store, per partition. */
export class GetPipelineLag extends Query<PipelineLag> {}

@QueryHandler(GetPipelineLag)
export class GetPipelineLagHandler implements IQueryHandler<GetPipelineLag, PipelineLag>, OnModuleDestroy {
  private admin?: Promise<Admin>;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(CONFIG) private readonly config: ServiceConfig,
    private readonly outbox: OutboxQueries,
    private readonly progress: ProjectionProgress,
  ) {}

  async execute(): Promise<PipelineLag> {
    const now = Date.now();
    const admin = await this.connectedAdmin();
    const groupId = projectorGroupId(this.config.topicPrefix);
    const [unpublished, ends, [group], progress] = await Promise.all([
      this.outbox.countUnpublished(),
      admin.fetchTopicOffsets(this.topics.events),
      admin.fetchOffsets({ groupId, topics: [this.topics.events] }),
      this.progress.forTopic(this.topics.events),
    ]);
    const committed = new Map(group.partitions.map((p) => [p.partition, p.offset]));
    const lastEventAt = new Map(progress.map((p) => [p.partition, p.lastEventAt]));
    const partitions = ends
      .map(({ partition, high }): PartitionLag => {
        // -1: the group has committed nothing here yet, so it will start from the beginning.
        const committedOffset = committed.get(partition) === '-1' ? '0' : (committed.get(partition) ?? '0');
        const eventsBehind = Math.max(0, Number(BigInt(high) - BigInt(committedOffset)));
        const newest = lastEventAt.get(partition);
        const secondsBehind = eventsBehind === 0 ? 0 : newest ? (now - Date.parse(newest)) / 1000 : null;
        return { partition, endOffset: high, committedOffset, eventsBehind, secondsBehind };
      })
      .sort((a, b) => a.partition - b.partition);
    return {
      outbox: {
        unpublishedCommits: unpublished.commits,
        oldestSeconds: unpublished.oldestCommittedAt ? (now - unpublished.oldestCommittedAt.getTime()) / 1000 : 0,
      },
      projector: { topic: this.topics.events, groupId, partitions },
    };
  }

  async onModuleDestroy(): Promise<void> {
    const admin = await this.admin?.catch(() => undefined);
    await admin?.disconnect();
  }

  private connectedAdmin(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    this.admin.catch(() => (this.admin = undefined));
    return this.admin;
  }
}
