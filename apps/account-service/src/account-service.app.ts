import { startTracing, stopTracingOnClose } from '@app/tracing';
import { ID } from '@app/domain';
import 'reflect-metadata';
import { ServiceConfig } from '@app/config';
import { Logger } from 'nestjs-pino';
import { BearerTokenVerifier } from '@app/auth';
import { commandIntakeGroupId, JsonProducer, Topics } from '@app/messaging';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Kafka } from 'kafkajs';
import { AccountServiceModule } from './account-service.module';
import { CONFIG, ConnectionDrain, KAFKA, METRICS, ReadinessProbe, TOPICS, withCorrelation } from '@app/platform';
import { Registry } from 'prom-client';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { Server } from 'node:http';
import { CommandTopicServer } from './kafka/command-topic.server';
import { refuseInvalidUtf8 } from './http/utf8-body';
import { CommandAdmission, isAuditRead } from './http/command-admission';
import { CommandMetrics } from './observability/command-metrics';

/**
 * Builds and initialises the command side with both ways in, HTTP and the commands
 * topic, ready to listen. Shared by main.ts and the end-to-end tests, so that both run the same wiring.
 */
export async function createAccountService(): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AccountServiceModule, {
    bodyParser: false,
    bufferLogs: true,
    // No forceCloseConnections: on close, requests under way finish and are answered, and
    // keep-alive connections are drained (ConnectionDrain).
  });
  app.useLogger(app.get(Logger));
  stopTracingOnClose(app, startTracing('customer-account-service', app.get<ServiceConfig>(CONFIG).otlpTracesEndpoint));
  app.use(app.get(ConnectionDrain).middleware);
  const config = app.get<ServiceConfig>(CONFIG);
  // Ahead of the body parser: a command turned away costs next to nothing.
  const metrics = app.get(CommandMetrics);
  // A command holds its admission slot from its headers on: a client that trickles its body in
  // is cut off (408) after the request timeout, where Node's default of 300 s let a few hundred
  // slow connections turn every real write away. Node checks the deadlines at this interval.
  // connectionsCheckingInterval is read when the server starts listening; @types/node lacks it.
  const server = app.getHttpServer() as Server & { connectionsCheckingInterval: number };
  server.headersTimeout = config.httpHeadersTimeoutMs;
  server.requestTimeout = config.httpRequestTimeoutMs;
  server.connectionsCheckingInterval = Math.min(1_000, Math.ceil(config.httpHeadersTimeoutMs / 4));
  app.use(new CommandAdmission(config.maxHttpCommandsInFlight, () => metrics.turnedAway()).middleware);
  // Audit reads have a bound of their own: a burst of exports must neither starve the commands nor pile up.
  app.use(new CommandAdmission(config.maxHttpAuditReadsInFlight, () => metrics.turnedAway(), isAuditRead, 'audit reads').middleware);
  const limit = config.maxPayloadBytes;
  // Merge patches are JSON too; anything else is not parsed and fails validation as a missing body.
  // Invalid UTF-8 is refused rather than decoded into replacement characters and stored.
  app.useBodyParser('json', {
    limit,
    type: ['application/json', 'application/merge-patch+json', 'application/*+json'],
    verify: refuseInvalidUtf8,
  });
  // Every log line of a request names its conversation; the answer says which it was.
  app.use((request: Request, response: Response, next: () => void) => {
    const given = request.header('ms-correlationid') ?? request.header('ms-requestid');
    const correlationId = given && ID.test(given) ? given : randomUUID();
    response.setHeader('MS-CorrelationId', correlationId);
    withCorrelation(correlationId, next);
  });
  // ETags here are versions of accounts, never hashes of whatever body went out.
  app.set('etag', false);
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  const commandTopic = new CommandTopicServer(
    app.get<Kafka>(KAFKA),
    app.get(JsonProducer),
    app.get<Topics>(TOPICS),
    {
      groupId: commandIntakeGroupId(config.topicPrefix),
      maxPayloadBytes: limit,
      partitionsConsumedConcurrently: config.topicPartitions,
    },
    app.get(BearerTokenVerifier),
    metrics,
    app.get<Registry>(METRICS),
  );
  app.get(ReadinessProbe).addPart('commandsConsumer', () => commandTopic.health());
  app.connectMicroservice({ strategy: commandTopic }, { inheritAppConfig: true });
  // Initialise (indexes, topics, producer) before the commands consumer subscribes:
  // startAllMicroservices() alone would subscribe to topics that do not exist yet.
  await app.init();
  return app;
}
