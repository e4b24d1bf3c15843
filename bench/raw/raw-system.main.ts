import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { readSampleCommits } from './raw-commits';
import { RawCommandSide } from './raw-command-side';
import { RawProjector } from './raw-projector';

// One raw part as a process of its own, as the service and the projector run: RAW_PART is
// `command-side` or `projector`, over RAW_DATABASE and RAW_TOPIC_PREFIX.
async function main(): Promise<void> {
  // A raw part that fails says so and stops, rather than leaving the bench waiting on it.
  process.on('unhandledRejection', (error) => {
    console.error(error);
    process.exit(1);
  });
  const { MONGODB_URI, KAFKA_BROKERS, RAW_DATABASE, RAW_TOPIC_PREFIX, RAW_SAMPLE_COMMITS, RAW_PART } = process.env as Record<
    string,
    string
  >;
  const client = await MongoClient.connect(MONGODB_URI);
  const db = client.db(RAW_DATABASE);
  const kafka = new Kafka({ brokers: KAFKA_BROKERS.split(','), clientId: `raw-${RAW_PART}`, logLevel: logLevel.NOTHING });
  const projectorGroup = `${RAW_TOPIC_PREFIX}.raw-projector`;
  const part =
    RAW_PART === 'projector'
      ? new RawProjector(db, kafka, `${RAW_TOPIC_PREFIX}.events`, projectorGroup)
      : new RawCommandSide(db, kafka, RAW_TOPIC_PREFIX, readSampleCommits(RAW_SAMPLE_COMMITS), projectorGroup);
  const started = await part.start();
  // The line the bench reads, as it reads the apps'.
  console.log(typeof started === 'string' ? `HTTP on ${started}` : 'raw projector started');
  process.once('SIGTERM', () => {
    void part
      .stop()
      .then(() => client.close())
      .then(() => process.exit(0));
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
