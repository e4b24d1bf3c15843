import { INestApplication } from '@nestjs/common';
import { Db, MongoClient } from 'mongodb';
import { useIsolatedEnvironment } from '@app/testing';
import { createAccountService } from '../../apps/account-service/src/account-service.app';
import { createProjector } from '../../apps/projector/src/projector.app';

/** The real apps, on the real servers, in this test process: what the end-to-end tests drive. */
export interface RunningSystem {
  baseUrl: string;
  /** Every command-side instance started; the first one serves `baseUrl`. */
  services: INestApplication[];
  /** The in-process projector, unless the test runs its own. */
  projector?: INestApplication;
  /** Its health and metrics. */
  projectorUrl?: string;
  db: Db;
  /** The customers' personal-data keys, kept apart from the events. */
  keysDb: Db;
  topicPrefix: string;
  kafkaBrokers: string[];
  startService(): Promise<INestApplication>;
  stop(): Promise<void>;
}

export async function startSystem({ commandSideInstances = 1, projectorInProcess = true } = {}): Promise<RunningSystem> {
  const environment = useIsolatedEnvironment();
  const mongo = await MongoClient.connect(environment.mongodbUri);
  const services: INestApplication[] = [];
  const startService = async () => {
    const app = await createAccountService();
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    services.push(app);
    return app;
  };
  for (let i = 0; i < commandSideInstances; i++) await startService();
  const projector = projectorInProcess ? await createProjector() : undefined;
  await projector?.listen(0, '127.0.0.1');
  const system: RunningSystem = {
    baseUrl: services[0] ? await services[0].getUrl() : '',
    services,
    projector,
    projectorUrl: projector ? await projector.getUrl() : undefined,
    db: mongo.db(environment.database),
    keysDb: mongo.db(`${environment.database}_keys`),
    topicPrefix: environment.topicPrefix,
    kafkaBrokers: environment.kafkaBrokers,
    startService,
    async stop() {
      // The projector as it is now: a test that closed it leaves none.
      await Promise.all([...services.map((app) => app.close()), system.projector?.close()]);
      await mongo
        .db(environment.database)
        .dropDatabase()
        .catch(() => undefined);
      await mongo
        .db(`${environment.database}_keys`)
        .dropDatabase()
        .catch(() => undefined);
      await mongo.close();
    },
  };
  return system;
}
