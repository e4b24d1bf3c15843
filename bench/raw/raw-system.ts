import { ensureTopics, topicsFor } from '@app/messaging';
import { eventually } from '@app/testing';
import { Kafka, logLevel } from 'kafkajs';
import { Db, MongoClient } from 'mongodb';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { AppProcess, SystemEndpoints } from '../../test/support';
import { SampleCommits } from './raw-commits';

const SCRIPT = 'dist/bench/raw/raw-system.main.js';

/** The raw chains as the system runs: a command-side process and a projector process, on a database and topics of their own. */
export interface RawSystem extends SystemEndpoints {
  /** Starts the command side (again): for a backlog published while it was down. */
  startCommandSide(): Promise<void>;
  stopCommandSide(): Promise<void>;
  /** What a raw part said as it exited, once one has: a run waiting on it stops there. */
  failure(): string | undefined;
}

export async function startRawSystem(
  mongodbUri: string,
  kafkaBrokers: string[],
  samples: SampleCommits,
  { commandSide = true } = {},
): Promise<RawSystem> {
  const id = randomUUID().slice(0, 8);
  const topicPrefix = `bench-raw-${id}`;
  const database = `bench_raw_${id}`;
  mkdirSync('.local/bench', { recursive: true });
  const samplesPath = `.local/bench/raw-samples-${id}.json`;
  writeFileSync(samplesPath, JSON.stringify(samples));
  await ensureTopics(new Kafka({ brokers: kafkaBrokers, logLevel: logLevel.NOTHING }), topicsFor(topicPrefix), {
    partitions: 3,
    replicationFactor: 1,
  });
  const env = {
    ...process.env,
    MONGODB_URI: mongodbUri,
    KAFKA_BROKERS: kafkaBrokers.join(','),
    RAW_DATABASE: database,
    RAW_TOPIC_PREFIX: topicPrefix,
    RAW_SAMPLE_COMMITS: samplesPath,
  };
  const client = await MongoClient.connect(mongodbUri);
  const projector = new AppProcess({ script: SCRIPT });
  const commandSideProcess = new AppProcess({ script: SCRIPT });
  const started = (part: AppProcess, line: RegExp) =>
    eventually(
      async () => {
        if (part.exitCode !== undefined) throw new Error(`A raw part exited while starting:\n${part.output}`);
        if (!line.test(part.output)) throw new Error('not started yet');
      },
      { timeoutMs: 30_000, intervalMs: 50 },
    );
  projector.start({ ...env, RAW_PART: 'projector' });
  await started(projector, /raw projector started/);
  const system: RawSystem = {
    baseUrl: '',
    db: client.db(database) as Db,
    topicPrefix,
    kafkaBrokers,
    async startCommandSide() {
      commandSideProcess.start({ ...env, RAW_PART: 'command-side' });
      await started(commandSideProcess, /HTTP on/);
      system.baseUrl = commandSideProcess.url!;
    },
    stopCommandSide: () => commandSideProcess.kill('SIGTERM'),
    failure: () =>
      [commandSideProcess, projector].find((part) => part.exitCode !== undefined && part.exitCode !== null && part.exitCode !== 0)?.output,
    async stop() {
      await Promise.all([commandSideProcess.kill('SIGTERM'), projector.kill('SIGTERM')]);
      rmSync(samplesPath, { force: true });
      await client
        .db(database)
        .dropDatabase()
        .catch(() => undefined);
      await client.close();
    },
  };
  if (commandSide) await system.startCommandSide();
  return system;
}
