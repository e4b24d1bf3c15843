import { ServiceConfig } from '@app/config';
import { EventStore } from '@app/event-store';
import { JsonProducer, projectorGroupId, Topics } from '@app/messaging';
import { appLoggerModule, CONFIG, DB, KAFKA, METRICS, PlatformModule, ReadinessProbe, TOPICS } from '@app/platform';
import { Registry } from 'prom-client';
import { ProjectorMetrics } from './projector-metrics';
import { AccountProjection, DeadLetterLog, ProjectionProgress, ReadModelRepository } from '@app/read-model';
import { BeforeApplicationShutdown, Module, OnApplicationBootstrap } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { Db } from 'mongodb';
import { EventsConsumer } from './events-consumer';

@Module({
  imports: [PlatformModule, appLoggerModule('projector')],
  providers: [
    { provide: ReadModelRepository, inject: [DB], useFactory: (db: Db) => new ReadModelRepository(db) },
    {
      provide: AccountProjection,
      inject: [ReadModelRepository, EventStore],
      useFactory: (repository: ReadModelRepository, store: EventStore) => new AccountProjection(repository, store),
    },
    {
      provide: EventsConsumer,
      inject: [KAFKA, JsonProducer, AccountProjection, EventStore, DB, TOPICS, CONFIG, METRICS],
      useFactory: (
        kafka: Kafka,
        producer: JsonProducer,
        projection: AccountProjection,
        store: EventStore,
        db: Db,
        topics: Topics,
        config: ServiceConfig,
        registry: Registry,
      ) =>
        new EventsConsumer(
          kafka,
          producer,
          projection,
          store,
          new DeadLetterLog(db),
          new ProjectionProgress(db),
          topics,
          projectorGroupId(config.topicPrefix),
          new ProjectorMetrics(registry),
          registry,
          config.topicPartitions,
        ),
    },
  ],
})
export class ProjectorModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly repository: ReadModelRepository,
    private readonly consumer: EventsConsumer,
    private readonly readiness: ReadinessProbe,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.repository.ensureIndexes();
    this.readiness.addPart('eventsConsumer', () => this.consumer.health());
    await this.consumer.start();
  }

  /** Stops consuming before the platform closes the connections the last batch writes with. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
  }
}
