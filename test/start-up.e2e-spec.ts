import { topicsFor } from '@app/messaging';
import { controlsInfrastructure, startKafka, stopKafka } from '@app/testing';
import { startSystemInProcesses } from './support';
import { Kafka, logLevel } from 'kafkajs';

// `npm start` starts Kafka, then the service and the projector side by side, and both create
// the topics. On a broker just started, the one whose topics the other had just created found
// them listed but not yet served: its first subscribe failed with UNKNOWN_TOPIC_OR_PARTITION
// and it stopped. (On a broker running for a while the race did not show.)
describe('Start-up', () => {
  (controlsInfrastructure() ? it : it.skip)(
    'starts the service and the projector side by side on a Kafka just started, without their topics',
    async () => {
      stopKafka();
      startKafka();
      // Both apps started at once as processes, as npm start does; it fails with the output of one that exits.
      const system = await startSystemInProcesses();
      try {
        for (const url of [system.baseUrl, system.projectorUrl]) expect((await fetch(`${url}/health/ready`)).status).toBe(200);
        const admin = new Kafka({ brokers: system.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
        await admin.connect();
        expect(await admin.listTopics()).toEqual(expect.arrayContaining(Object.values(topicsFor(system.topicPrefix))));
        await admin.disconnect();
      } finally {
        await system.stop();
      }
    },
    90_000,
  );
});
