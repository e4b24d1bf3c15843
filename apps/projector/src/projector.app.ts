import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConnectionDrain } from '@app/platform';
import { Logger } from 'nestjs-pino';
import { ProjectorModule } from './projector.module';

/** The projector: the events topic into the read model, with HTTP for health, readiness and metrics only. */
export async function createProjector(): Promise<INestApplication> {
  const app = await NestFactory.create(ProjectorModule, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.use(app.get(ConnectionDrain).middleware);
  app.enableShutdownHooks();
  return app;
}
