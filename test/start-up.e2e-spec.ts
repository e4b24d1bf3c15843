import { topicsFor } from '@app/messaging';
import { AppProcess, controlsInfrastructure, eventually, startKafka, stopKafka, useIsolatedEnvironment } from '@app/testing';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';

// `npm start` starts Kafka, then the service and the projector side by side, and both create
// the topics. On a broker just started, the one whose topics the other had just created found
// them listed but not yet served: its first subscribe failed with UNKNOWN_TOPIC_OR_PARTITION
// and it stopped. (On a broker running for a while the race did not show.)
describe('Start-up', () => {
  (controlsInfrastructure() ? it : it.skip)('starts the service and the projector side by side on a Kafka just started, without their topics', async () => {
    const environment = useIsolatedEnvironment();
    stopKafka();
    startKafka();
    const apps = [new AppProcess('account-service'), new AppProcess('projector')];
    const urlOf = (app: AppProcess) => /(?:HTTP on|health and metrics on) (http:\/\/[\d.:]+)/.exec(app.output)?.[1];
    try {
      // At info level the apps log where they listen.
      for (const app of apps) app.start({ ...process.env, LOG_LEVEL: 'log' });
      const urls = await eventually(
        async () => {
          for (const app of apps) expect({ exitCode: app.exitCode, output: app.exitCode === undefined ? '' : app.output }).toEqual({ exitCode: undefined, output: '' });
          const found = apps.map(urlOf);
          expect(found).toEqual([expect.any(String), expect.any(String)]);
          return found as string[];
        },
        { timeoutMs: 45_000, intervalMs: 200 },
      );
      for (const url of urls) expect((await fetch(`${url}/health/ready`)).status).toBe(200);
      const admin = new Kafka({ brokers: environment.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      expect(await admin.listTopics()).toEqual(expect.arrayContaining(Object.values(topicsFor(environment.topicPrefix))));
      await admin.disconnect();
    } finally {
      await Promise.all(apps.map((app) => app.kill('SIGTERM')));
      const mongo = await MongoClient.connect(environment.mongodbUri);
      await mongo.db(environment.database).dropDatabase();
      await mongo.db(`${environment.database}_keys`).dropDatabase();
      await mongo.close();
    }
  }, 90_000);
});
