import { AuditTrail, LoggedResult } from '@app/audit';
import { ServiceConfig } from '@app/config';
import { CommandLog, EventStore, Lease } from '@app/event-store';
import { JsonProducer, Topics } from '@app/messaging';
import { CONFIG, DB, TOPICS } from '@app/platform';
import { ProjectionProgress, ReadModelRebuild, ReadModelRepository } from '@app/read-model';
import { BeforeApplicationShutdown, Module, OnModuleInit } from '@nestjs/common';
import { Db } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { CommandProcessor } from '../command-processing/command-processor';
import { CommandResult } from '../command-processing/command-result';
import { OutboxPublisher } from '../command-processing/outbox-publisher';
import { ReplayRunner } from '../audit/replay-runner';

/** How long the outbox publisher's lease lasts unless renewed: the longest a crashed holder delays events. */
const OUTBOX_LEASE_MS = 15_000;

/** Wires the event store, the outbox and the read model to the command side; holds no logic. */
@Module({
  providers: [
    { provide: EventStore, inject: [DB], useFactory: (db: Db) => new EventStore(db) },
    { provide: CommandLog, inject: [DB], useFactory: (db: Db) => new CommandLog<CommandResult>(db) },
    { provide: ReadModelRepository, inject: [DB], useFactory: (db: Db) => new ReadModelRepository(db) },
    { provide: ProjectionProgress, inject: [DB], useFactory: (db: Db) => new ProjectionProgress(db) },
    {
      provide: OutboxPublisher,
      inject: [DB, EventStore, JsonProducer, TOPICS, CONFIG],
      useFactory: (db: Db, store: EventStore, producer: JsonProducer, topics: Topics, config: ServiceConfig) =>
        new OutboxPublisher(store, producer, new Lease(db, `outbox:${topics.events}`, randomUUID(), OUTBOX_LEASE_MS), topics.events, config.outboxPollIntervalMs, OUTBOX_LEASE_MS / 3),
    },
    {
      provide: CommandProcessor,
      inject: [EventStore, CommandLog, OutboxPublisher],
      useFactory: (store: EventStore, log: CommandLog<CommandResult>, outbox: OutboxPublisher) => new CommandProcessor(store, log, () => outbox.wake()),
    },
    {
      provide: AuditTrail,
      inject: [EventStore, CommandLog, ReadModelRepository],
      useFactory: (store: EventStore, log: CommandLog<LoggedResult>, readModel: ReadModelRepository) => new AuditTrail(store, log, readModel),
    },
    { provide: ReplayRunner, inject: [DB, EventStore], useFactory: (db: Db, store: EventStore) => new ReplayRunner(() => new ReadModelRebuild(db, store)) },
  ],
  exports: [EventStore, CommandLog, ReadModelRepository, ProjectionProgress, CommandProcessor, OutboxPublisher, AuditTrail, ReplayRunner],
})
export class InfrastructureModule implements OnModuleInit, BeforeApplicationShutdown {
  constructor(
    private readonly eventStore: EventStore,
    private readonly commandLog: CommandLog<CommandResult>,
    private readonly readModel: ReadModelRepository,
    private readonly outbox: OutboxPublisher,
  ) {}

  async onModuleInit(): Promise<void> {
    await Promise.all([this.eventStore.ensureIndexes(), this.commandLog.ensureIndexes(), this.readModel.ensureIndexes()]);
    this.outbox.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.outbox.stop();
  }
}
