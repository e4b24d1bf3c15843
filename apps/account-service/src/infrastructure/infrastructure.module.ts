import { ServiceConfig } from '@app/config';
import { CommandLog, EventStore } from '@app/event-store';
import { JsonProducer, Topics } from '@app/messaging';
import { CONFIG, DB, TOPICS } from '@app/platform';
import { ReadModelRepository } from '@app/read-model';
import { BeforeApplicationShutdown, Module, OnModuleInit } from '@nestjs/common';
import { Db } from 'mongodb';
import { CommandProcessor } from '../command-processing/command-processor';
import { CommandResult } from '../command-processing/command-result';
import { CommitPublisher } from '../command-processing/commit-publisher';
import { OutboxRelay } from '../command-processing/outbox-relay';

/** Wires the event store, the outbox and the read model to the command side; holds no logic. */
@Module({
  providers: [
    { provide: EventStore, inject: [DB], useFactory: (db: Db) => new EventStore(db) },
    { provide: CommandLog, inject: [DB], useFactory: (db: Db) => new CommandLog<CommandResult>(db) },
    { provide: ReadModelRepository, inject: [DB], useFactory: (db: Db) => new ReadModelRepository(db) },
    {
      provide: CommitPublisher,
      inject: [JsonProducer, EventStore, TOPICS],
      useFactory: (producer: JsonProducer, store: EventStore, topics: Topics) => new CommitPublisher(producer, store, topics.events),
    },
    {
      provide: CommandProcessor,
      inject: [EventStore, CommandLog, CommitPublisher],
      useFactory: (store: EventStore, log: CommandLog<CommandResult>, publisher: CommitPublisher) => new CommandProcessor(store, log, publisher),
    },
    {
      provide: OutboxRelay,
      inject: [EventStore, CommitPublisher, CONFIG],
      useFactory: (store: EventStore, publisher: CommitPublisher, config: ServiceConfig) => new OutboxRelay(store, publisher, config.outboxRelayIntervalMs),
    },
  ],
  exports: [EventStore, CommandLog, ReadModelRepository, CommandProcessor],
})
export class InfrastructureModule implements OnModuleInit, BeforeApplicationShutdown {
  constructor(
    private readonly eventStore: EventStore,
    private readonly commandLog: CommandLog<CommandResult>,
    private readonly readModel: ReadModelRepository,
    private readonly relay: OutboxRelay,
  ) {}

  async onModuleInit(): Promise<void> {
    await Promise.all([this.eventStore.ensureIndexes(), this.commandLog.ensureIndexes(), this.readModel.ensureIndexes()]);
    this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
