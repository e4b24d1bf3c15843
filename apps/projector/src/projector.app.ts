import { startTracing, stopTracingOnClose } from '@app/tracing';
import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CONFIG, ConnectionDrain } from '@app/platform';
import { ServiceConfig } from '@app/config';
import { Logger } from 'nestjs-pino';
import { ProjectorModule } from './projector.module';

/** The projector: the events topic into the read model, with HTTP for health, readiness and metrics only. */
export async function createProjector(): Promise<INestApplication> {
  const app = await NestFactory.create(ProjectorModule, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  stopTracingOnClose(app, startTracing('customer-account-projector', app.get<ServiceConfig>(CONFIG).otlpTracesEndpoint));
  app.use(app.get(ConnectionDrain).middleware);
  app.enableShutdownHooks();
  return app;
}
