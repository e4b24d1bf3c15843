import 'reflect-metadata';
import { loadConfig, logLevelsFrom } from '@app/config';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ProjectorModule } from './projector.module';

/** The projector: no HTTP, only the events topic into the read model. */
export async function createProjector(): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(ProjectorModule, { logger: logLevelsFrom(loadConfig().logLevel) });
  app.enableShutdownHooks();
  return app;
}
