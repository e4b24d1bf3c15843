import { loadConfig, ServiceConfig } from '@app/config';
import { EventStore } from '@app/event-store';
import { connectMongo } from '@app/mongo';
import { PersonalDataVault, vaultFor } from '@app/personal-data';
import { createKafka, ensureTopics, JsonProducer, partitionOfKey, Topics, topicsFor } from '@app/messaging';
import { Global, Inject, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { Db, MongoClient } from 'mongodb';
import { ConnectionDrain } from './operations/connection-drain';
import { logMongoConnectivity } from './operations/mongo-connectivity-log';
import { StuckMonitorWatchdog } from './operations/stuck-monitor-watchdog';
import { OperationsHttpController } from './operations/operations.http.controller';
import { ReadinessProbe } from './operations/readiness';
import { CONFIG, DB, KAFKA, METRICS, MONGO_CLIENT, OUTBOX_SHARD_OF, TOPICS } from './tokens';
import { collectDefaultMetrics, Registry } from 'prom-client';

/** One registry per app (not prom-client's global one), so that apps in one test process never share figures. */
function metricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** The connections every app needs: configuration, MongoDB, Kafka and its topics, a producer, the event store and its vault. */
@Global()
@Module({
  providers: [
    { provide: CONFIG, useFactory: () => loadConfig() },
    { provide: TOPICS, inject: [CONFIG], useFactory: (config: ServiceConfig) => topicsFor(config.topicPrefix) },
    {
      provide: MONGO_CLIENT,
      inject: [CONFIG],
      useFactory: async (config: ServiceConfig) => {
        const client = await connectMongo(config.mongodbUri, config.mongodbTls);
        logMongoConnectivity(client);
        return client;
      },
    },
    {
      provide: StuckMonitorWatchdog,
      inject: [MONGO_CLIENT],
      useFactory: (client: MongoClient) => new StuckMonitorWatchdog(client).start(),
    },
    {
      provide: DB,
      inject: [MONGO_CLIENT, CONFIG],
      useFactory: (client: MongoClient, config: ServiceConfig) => client.db(config.mongodbDatabase),
    },
    {
      provide: KAFKA,
      inject: [CONFIG],
      useFactory: (config: ServiceConfig) => createKafka(config.kafkaBrokers, config.kafkaClientId, config.kafkaSecurity),
    },
    { provide: JsonProducer, inject: [KAFKA], useFactory: (kafka: Kafka) => new JsonProducer(kafka) },
    {
      provide: PersonalDataVault,
      inject: [MONGO_CLIENT, CONFIG],
      useFactory: (client: MongoClient, config: ServiceConfig) => vaultFor(client, config),
    },
    {
      provide: OUTBOX_SHARD_OF,
      inject: [CONFIG],
      useFactory: (config: ServiceConfig) => (customerId: string) => partitionOfKey(customerId, config.topicPartitions),
    },
    {
      provide: EventStore,
      inject: [DB, PersonalDataVault, OUTBOX_SHARD_OF],
      useFactory: (db: Db, vault: PersonalDataVault, shardOf: (customerId: string) => number) => new EventStore(db, vault, shardOf),
    },
    { provide: ReadinessProbe, inject: [DB, KAFKA], useFactory: (db: Db, kafka: Kafka) => new ReadinessProbe(db, kafka) },
    { provide: METRICS, useFactory: metricsRegistry },
    ConnectionDrain,
  ],
  controllers: [OperationsHttpController],
  exports: [
    CONFIG,
    TOPICS,
    DB,
    KAFKA,
    METRICS,
    OUTBOX_SHARD_OF,
    JsonProducer,
    PersonalDataVault,
    EventStore,
    ConnectionDrain,
    ReadinessProbe,
  ],
})
export class PlatformModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Platform');

  constructor(
    @Inject(CONFIG) private readonly config: ServiceConfig,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(MONGO_CLIENT) private readonly mongo: MongoClient,
    private readonly producer: JsonProducer,
    private readonly watchdog: StuckMonitorWatchdog,
  ) {}

  async onModuleInit(): Promise<void> {
    const { topicPartitions: partitions, topicReplicationFactor: replicationFactor } = this.config;
    await ensureTopics(this.kafka, this.topics, { partitions, replicationFactor });
    await this.producer.connect();
    this.logger.log(
      `MongoDB database ${this.config.mongodbDatabase}, Kafka ${this.config.kafkaBrokers.join(',')}, topics ${this.topics.events} and siblings`,
    );
  }

  /** Runs after every other module's shutdown hook, which may still need both connections. */
  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
    this.watchdog.stop();
    await this.mongo.close();
  }
}
