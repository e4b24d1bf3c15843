import { MongoClient } from 'mongodb';
import { AppProcess } from './app-process';
import { RunningSystem } from './running-system';
import { eventually, useIsolatedEnvironment } from '@app/testing';

/** What a client of the running system sees: its URLs, its database and its topics. */
export type SystemEndpoints = Pick<RunningSystem, 'baseUrl' | 'projectorUrl' | 'db' | 'topicPrefix' | 'kafkaBrokers' | 'stop'>;

/**
 * The service and the projector as `npm start` runs them, each in a Node process of its own
 * (built by `npm run build`), on the real servers, once both answer ready: what the bench
 * loads, so that its clients do not share an event loop with the system they measure.
 */
export async function startSystemInProcesses({
  beforeStart,
  appNodeArgs = [],
}: {
  /** Runs on the system's topics and database before its apps start: a backlog for them to find. */
  beforeStart?: (environment: { topicPrefix: string; kafkaBrokers: string[] }) => Promise<void>;
  /** Options for node itself in the apps alone (`--cpu-prof`, say). */
  appNodeArgs?: string[];
} = {}): Promise<SystemEndpoints> {
  const environment = useIsolatedEnvironment();
  await beforeStart?.(environment);
  const apps = [new AppProcess('account-service'), new AppProcess('projector')];
  const stopApps = () => Promise.all(apps.map((app) => app.kill('SIGTERM')));
  let mongo: MongoClient | undefined;
  try {
    // At info level the apps log where they listen.
    for (const app of apps) app.start({ ...process.env, LOG_LEVEL: 'log' }, appNodeArgs);
    const [baseUrl, projectorUrl] = await eventually(
      async () => {
        const exited = apps.find((app) => app.exitCode !== undefined);
        if (exited) throw new Error(`An app exited while starting:\n${exited.output}`);
        const urls = apps.map((app) => app.url);
        if (!urls.every((url) => url !== undefined)) throw new Error('The apps have not said where they listen');
        for (const url of urls) if ((await fetch(`${url}/health/ready`)).status !== 200) throw new Error(`${url} is not ready`);
        return urls as string[];
      },
      { timeoutMs: 45_000, intervalMs: 200 },
    );
    mongo = await MongoClient.connect(environment.mongodbUri);
    const client = mongo;
    return {
      baseUrl,
      projectorUrl,
      db: client.db(environment.database),
      topicPrefix: environment.topicPrefix,
      kafkaBrokers: environment.kafkaBrokers,
      async stop() {
        await stopApps();
        await client
          .db(environment.database)
          .dropDatabase()
          .catch(() => undefined);
        await client
          .db(`${environment.database}_keys`)
          .dropDatabase()
          .catch(() => undefined);
        await client.close();
      },
    };
  } catch (error) {
    await stopApps();
    await mongo?.close();
    throw error;
  }
}
