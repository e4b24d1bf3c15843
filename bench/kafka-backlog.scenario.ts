import { ensureTopics, topicsFor } from '@app/messaging';
import { startSystemInProcesses, SystemEndpoints } from '../test/support';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { commandMessage } from './command-target';
import { CpuSampler, CpuUse } from './cpu-sampler';
import { BenchRow, sleep, throughputRow } from './measure';
import { RawSystem } from './raw/raw-system';

const ROUNDS = 3;
const SEND_CHUNK = 500;

/**
 * A backlog on the commands topic: `commands` commands (a registration of each of `customers`,
 * then updates round-robin) published while nothing consumes them, then the command side
 * started. The rate is the commands over the time from the first result to the last, by the
 * results' own Kafka timestamps: starting the process and joining the group are left out, the
 * same for both. Against the raw chain (raw/raw-command-side.ts) over the same backlog; each
 * round starts both afresh, in turns, and the median round is reported. The CPU each process
 * used between the first result and the last is kept beside each round: the two cores are
 * nearly all busy over a backlog, so a command's CPU is what sets the rate.
 */
export async function kafkaBacklogScenario(
  kafkaBrokers: string[],
  startRaw: () => Promise<RawSystem>,
  commands: number,
  customers: number,
  appNodeArgs: string[],
  cpu: CpuSampler,
): Promise<{ row: BenchRow; detail: object }> {
  const kafka = new Kafka({ brokers: kafkaBrokers, clientId: 'bench-backlog', logLevel: logLevel.NOTHING });
  const ourSeconds: number[] = [];
  const rawSeconds: number[] = [];
  const ourCpu: (CpuUse | undefined)[] = [];
  const rawCpu: (CpuUse | undefined)[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let ours: SystemEndpoints | undefined;
    let prefix = '';
    try {
      ours = await startSystemInProcesses({
        appNodeArgs,
        beforeStart: async ({ topicPrefix }) => {
          prefix = topicPrefix;
          await ensureTopics(kafka, topicsFor(topicPrefix), { partitions: 3, replicationFactor: 1 });
          await publishBacklog(kafka, topicPrefix, commands, customers);
        },
      });
      const span = await resultsSpan(kafka, prefix, commands);
      ourSeconds.push(span.seconds);
      ourCpu.push(cpu.usePerCommand(span.first, span.last, commands));
    } finally {
      await ours?.stop();
    }
    const raw = await startRaw();
    try {
      await publishBacklog(kafka, raw.topicPrefix, commands, customers);
      await raw.startCommandSide();
      const span = await resultsSpan(kafka, raw.topicPrefix, commands, () => raw.failure());
      rawSeconds.push(span.seconds);
      rawCpu.push(cpu.usePerCommand(span.first, span.last, commands));
    } finally {
      await raw.stop();
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return {
    row: throughputRow(
      `Kafka commands from a backlog of ${commands.toLocaleString('en-US')}`,
      'commands/s',
      commands / median(ourSeconds),
      {
        what: 'the same backlog raw: batch consumption, insertMany of the commits, send of the results',
        rate: commands / median(rawSeconds),
      },
      0.7,
    ),
    detail: { commands, customers, rounds: ROUNDS, ourSeconds, rawSeconds, ourCpu, rawCpu },
  };
}

async function publishBacklog(kafka: Kafka, topicPrefix: string, commands: number, customers: number): Promise<void> {
  const ids = Array.from({ length: customers }, () => randomUUID());
  const messages = Array.from({ length: commands }, (_, i) => commandMessage(ids[i % customers], randomUUID(), i < customers));
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  for (let start = 0; start < messages.length; start += SEND_CHUNK)
    await producer.send({ topic: `${topicPrefix}.commands`, acks: -1, messages: messages.slice(start, start + SEND_CHUNK) });
  await producer.disconnect();
}

/** Seconds from the first result's timestamp to the last, once all `commands` have one; every one accepted. */
async function resultsSpan(
  kafka: Kafka,
  topicPrefix: string,
  commands: number,
  failure = (): string | undefined => undefined,
): Promise<ResultsSpan> {
  const consumer = kafka.consumer({ groupId: `bench-backlog-${randomUUID()}`, maxWaitTimeInMs: 100 });
  let seen = 0;
  let rejected = 0;
  let first = Infinity;
  let last = 0;
  await consumer.connect();
  await consumer.subscribe({ topic: `${topicPrefix}.command-results`, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ message }) => {
      seen += 1;
      if ((JSON.parse(message.value!.toString()) as { outcome: string }).outcome !== 'accepted') rejected += 1;
      first = Math.min(first, Number(message.timestamp));
      last = Math.max(last, Number(message.timestamp));
    },
  });
  const deadline = Date.now() + 300_000;
  while (seen < commands && Date.now() < deadline && !failure()) await sleep(50);
  await consumer.disconnect();
  if (failure()) throw new Error(`the command side stopped:\n${failure()}`);
  if (seen < commands) throw new Error(`only ${seen} of ${commands} backlog commands had a result`);
  if (rejected > 0) throw new Error(`${rejected} backlog commands were rejected`);
  return { seconds: (last - first) / 1000, first, last };
}

interface ResultsSpan {
  seconds: number;
  /** The first and the last result's timestamps, epoch ms. */
  first: number;
  last: number;
}
