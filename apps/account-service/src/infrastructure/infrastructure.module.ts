import { AuditTrail, LoggedResult, PartnerHistory } from '@app/audit';
import { requireSigningKey, ServiceConfig } from '@app/config';
import { Digester, DigestStore, DigestWitness, ExportManifestStore, SigningKey, StreamIntegrityCheck, TrustedKeys } from '@app/integrity';
import { AccessLog, CommandLog, EventStore, SecurityLog } from '@app/event-store';
import { Lease } from '@app/mongo';
import { commandIntakeGroupId, JsonProducer, Topics } from '@app/messaging';
import { Kafka } from 'kafkajs';
import { ForgetSideEffects } from '../forget/forget-side-effects';
import { ProcessedCommandsTrimmer } from '../forget/processed-commands-trimmer';
import { PersonalDataVault } from '@app/personal-data';
import { CONFIG, DB, KAFKA, METRICS, OUTBOX_SHARD_OF, TOPICS } from '@app/platform';
import { Registry } from 'prom-client';
import { OutboxPublisher, OutboxQueries, OutboxShardClaims } from '@app/outbox';
import { CommandMetrics } from '../observability/command-metrics';
import { ProjectionProgress, ReadModelRebuild, ReadModelRepository } from '@app/read-model';
import { BeforeApplicationShutdown, Module, OnModuleInit } from '@nestjs/common';
import { Db } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { CommandProcessor } from '../command-processing/command-processor';
import { CommandResult } from '../command-processing/command-result';

import { ReplayRunner } from '../audit/replay-runner';
import { SignedExportWriter } from '../audit/signed-export';
import { AuditReads } from '../audit/audit-reads';

/** How long an outbox shard's lease lasts unless renewed: the longest a crashed holder delays its events. */
const OUTBOX_LEASE_MS = 15_000;
/** The periodic digester's lease: another instance takes over after this when its holder is gone. */
const DIGESTER_LEASE_MS = 30_000;

/** Wires the event store, the outbox and the read model to the command side; holds no logic. */
@Module({
  providers: [
    { provide: CommandLog, inject: [DB], useFactory: (db: Db) => new CommandLog<CommandResult>(db) },
    { provide: SecurityLog, inject: [DB], useFactory: (db: Db) => new SecurityLog(db) },
    {
      provide: AccessLog,
      inject: [DB, JsonProducer, TOPICS],
      useFactory: (db: Db, producer: JsonProducer, topics: Topics) =>
        new AccessLog(db, (entry) => producer.send(topics.accessLog, [{ key: entry.partnerId, value: entry }])),
    },
    { provide: AuditReads, inject: [AccessLog], useFactory: (log: AccessLog) => new AuditReads(log) },
    { provide: ReadModelRepository, inject: [DB], useFactory: (db: Db) => new ReadModelRepository(db) },
    { provide: ProjectionProgress, inject: [DB], useFactory: (db: Db) => new ProjectionProgress(db) },
    { provide: OutboxQueries, inject: [DB], useFactory: (db: Db) => new OutboxQueries(db) },
    {
      provide: OutboxPublisher,
      inject: [DB, OutboxQueries, JsonProducer, PersonalDataVault, TOPICS, CONFIG, OUTBOX_SHARD_OF],
      useFactory: (
        db: Db,
        queries: OutboxQueries,
        producer: JsonProducer,
        vault: PersonalDataVault,
        topics: Topics,
        config: ServiceConfig,
        shardOf: (customerId: string) => number,
      ) =>
        new OutboxPublisher(
          queries,
          producer,
          vault,
          new OutboxShardClaims(
            db,
            `outbox:${topics.events}`,
            randomUUID(),
            config.topicPartitions,
            OUTBOX_LEASE_MS,
            config.outboxPollIntervalMs,
          ),
          shardOf,
          topics.events,
          { pollIntervalMs: config.outboxPollIntervalMs, leaseRenewalMs: OUTBOX_LEASE_MS / 3, gatherMs: config.outboxGatherMs },
        ),
    },
    {
      provide: CommandProcessor,
      inject: [EventStore, CommandLog, SecurityLog, PersonalDataVault, OutboxPublisher, CommandMetrics],
      useFactory: (
        store: EventStore,
        log: CommandLog<CommandResult>,
        securityLog: SecurityLog,
        vault: PersonalDataVault,
        outbox: OutboxPublisher,
        metrics: CommandMetrics,
      ) => new CommandProcessor(store, log, securityLog, vault, () => outbox.wake(), metrics),
    },
    {
      provide: AuditTrail,
      inject: [EventStore, CommandLog, ReadModelRepository],
      useFactory: (store: EventStore, log: CommandLog<LoggedResult>, readModel: ReadModelRepository) =>
        new AuditTrail(store, log, readModel),
    },
    {
      provide: PartnerHistory,
      inject: [EventStore, CommandLog],
      useFactory: (store: EventStore, log: CommandLog<LoggedResult>) => new PartnerHistory(store, log),
    },
    {
      provide: CommandMetrics,
      inject: [METRICS, OutboxQueries, OutboxPublisher],
      useFactory: (registry: Registry, queries: OutboxQueries, outbox: OutboxPublisher) =>
        new CommandMetrics(registry, queries, () => outbox.shardsHeld),
    },
    {
      provide: ProcessedCommandsTrimmer,
      inject: [KAFKA, TOPICS, CONFIG],
      useFactory: (kafka: Kafka, topics: Topics, config: ServiceConfig) =>
        new ProcessedCommandsTrimmer(kafka, topics.commands, commandIntakeGroupId(config.topicPrefix)),
    },
    {
      provide: ForgetSideEffects,
      inject: [PersonalDataVault, ProcessedCommandsTrimmer, CommandProcessor],
      useFactory: (vault: PersonalDataVault, trimmer: ProcessedCommandsTrimmer, processor: CommandProcessor) =>
        new ForgetSideEffects(vault, trimmer, (customerId) => processor.forgetCached(customerId)),
    },
    { provide: SigningKey, inject: [CONFIG], useFactory: (config: ServiceConfig) => SigningKey.fromPem(requireSigningKey(config)) },
    { provide: DigestStore, inject: [DB], useFactory: (db: Db) => new DigestStore(db) },
    { provide: ExportManifestStore, inject: [DB], useFactory: (db: Db) => new ExportManifestStore(db) },
    {
      provide: SignedExportWriter,
      inject: [ExportManifestStore, DigestStore, SigningKey],
      useFactory: (manifests: ExportManifestStore, digests: DigestStore, key: SigningKey) =>
        new SignedExportWriter(manifests, digests, key),
    },
    {
      provide: Digester,
      inject: [DB, EventStore, DigestStore, SigningKey, JsonProducer, TOPICS, CONFIG],
      useFactory: (
        db: Db,
        store: EventStore,
        digests: DigestStore,
        key: SigningKey,
        producer: JsonProducer,
        topics: Topics,
        config: ServiceConfig,
      ) =>
        new Digester(
          store,
          digests,
          key,
          (issued) =>
            producer.send(
              topics.digests,
              issued.map((digest) => ({ key: digest.partnerId, value: digest })),
            ),
          new Lease(db, 'integrity-digester', randomUUID(), DIGESTER_LEASE_MS),
          { intervalMs: config.integrityDigestIntervalMs, overlapMs: config.integrityDigestOverlapMs },
        ),
    },
    {
      provide: StreamIntegrityCheck,
      inject: [DigestStore, SigningKey, CONFIG],
      useFactory: (digests: DigestStore, key: SigningKey, config: ServiceConfig) =>
        // Two intervals and the overlap: a digest pass that failed once is not yet a missing digest.
        new StreamIntegrityCheck(
          digests,
          new TrustedKeys([key.verifier]),
          2 * config.integrityDigestIntervalMs + config.integrityDigestOverlapMs + DIGESTER_LEASE_MS,
        ),
    },
    {
      provide: DigestWitness,
      inject: [KAFKA, TOPICS, DigestStore, SigningKey],
      useFactory: (kafka: Kafka, topics: Topics, digests: DigestStore, key: SigningKey) =>
        new DigestWitness(kafka, topics.digests, digests, new TrustedKeys([key.verifier])),
    },
    {
      provide: ReplayRunner,
      inject: [DB, EventStore],
      useFactory: (db: Db, store: EventStore) => new ReplayRunner(() => new ReadModelRebuild(db, store)),
    },
  ],
  exports: [
    CommandMetrics,
    OutboxQueries,
    ProcessedCommandsTrimmer,
    ForgetSideEffects,
    CommandLog,
    SecurityLog,
    AccessLog,
    AuditReads,
    ReadModelRepository,
    ProjectionProgress,
    CommandProcessor,
    OutboxPublisher,
    AuditTrail,
    PartnerHistory,
    ReplayRunner,
    SigningKey,
    DigestStore,
    Digester,
    DigestWitness,
    StreamIntegrityCheck,
    ExportManifestStore,
    SignedExportWriter,
  ],
})
export class InfrastructureModule implements OnModuleInit, BeforeApplicationShutdown {
  constructor(
    private readonly eventStore: EventStore,
    private readonly commandLog: CommandLog<CommandResult>,
    private readonly securityLog: SecurityLog,
    private readonly accessLog: AccessLog,
    private readonly readModel: ReadModelRepository,
    private readonly outbox: OutboxPublisher,
    private readonly digests: DigestStore,
    private readonly digester: Digester,
  ) {}

  async onModuleInit(): Promise<void> {
    await Promise.all([
      this.eventStore.ensureIndexes(),
      this.commandLog.ensureIndexes(),
      this.securityLog.ensureIndexes(),
      this.accessLog.ensureIndexes(),
      this.readModel.ensureIndexes(),
      this.digests.ensureIndexes(),
    ]);
    this.outbox.start();
    this.digester.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([this.outbox.stop(), this.digester.stop()]);
  }
}
