import 'reflect-metadata';
import { loadConfig, logLevelsFrom } from '@app/config';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConnectionDrain, JsonLogger } from '@app/platform';
import { ProjectorModule } from './projector.module';

/** The projector: the events topic into the read model, with HTTP for health, readiness and metrics only. */
export async function createProjector(): Promise<INestApplication> {
  const app = await NestFactory.create(ProjectorModule, {
    logger: new JsonLogger('projector', logLevelsFrom(loadConfig().logLevel)),
    bodyParser: false,
  });
  app.use(app.get(ConnectionDrain).middleware);
  app.enableShutdownHooks();
  return app;
}
