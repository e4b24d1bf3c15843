import { Kafka, logLevel, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { CommandTarget, commandMessage, registeredCustomers, updateCompanyName } from './command-target';
import { CpuSampler, CpuUse } from './cpu-sampler';
import { ResultWaiter } from './kafka-results';
import { BenchRow, drained, percentile, published, throughputRow, withConcurrency } from './measure';

/**
 * Before anything is measured, as many commands each way as a round has, unmeasured; then
 * each way is measured in this many rounds, the ways taking turns, and its median round is
 * reported. The bench starts Kafka's JVM, FerretDB and the apps cold, and every way keeps
 * speeding up for minutes, so that a way measured after another would have a warmer system.
 */
const ROUNDS = 3;
const TARGET_RATIO = 0.7;

type Way = { name: string; target: CommandTarget; run: (count: number) => Promise<number[]> };
type Round = { rate: number; latencies: number[]; cpu?: CpuUse };

/**
 * Commands through the whole command side, over HTTP and over the commands topic (each waiting
 * for its result), at `concurrency` clients, each beside the same hops done raw (see
 * raw/raw-command-side.ts), and the peers' same update over HTTP beside ours.
 */
export async function commandPipelineScenario(
  ours: CommandTarget,
  raw: CommandTarget,
  peers: CommandTarget[],
  concurrency: number,
  commands: number,
  cpu: CpuSampler,
): Promise<{ rows: BenchRow[]; httpRate: number; detail: object }> {
  const kafkaTargets = [ours, raw];
  const kafka = new Kafka({ brokers: ours.kafka!.brokers, clientId: 'bench-upstream', logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const waiters = new Map<CommandTarget, ResultWaiter>();
  for (const target of kafkaTargets) {
    const waiter = new ResultWaiter(kafka, `${target.kafka!.topicPrefix}.command-results`);
    await waiter.start();
    waiters.set(target, waiter);
  }
  const ways: Way[] = [];
  for (const target of [ours, raw, ...peers]) {
    const customers = await registeredCustomers(target, concurrency * 4, concurrency);
    ways.push({
      name: `${target.name} HTTP`,
      target,
      run: (count) =>
        withConcurrency(count, concurrency, async (i) => void (await updateCompanyName(target, customers[i % customers.length]))),
    });
    if (kafkaTargets.includes(target))
      ways.push({
        name: `${target.name} Kafka`,
        target,
        run: kafkaCommands(producer, target, waiters.get(target)!, customers, concurrency),
      });
  }

  for (const way of ways) await way.run(commands);
  const rounds = new Map<Way, Round[]>(ways.map((way) => [way, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const way of ways) {
      // Each way starts on a quiet system, and pays for publishing its own events: its round
      // ends when its outbox has sent every commit, not at the last answer.
      if (way.target.reportsLag) await drained(way.target);
      const started = performance.now();
      const startedAt = Date.now();
      const latencies = await way.run(commands);
      if (way.target.reportsLag) await published(way.target);
      const rate = commands / ((performance.now() - started) / 1000);
      rounds.get(way)!.push({ rate, latencies, cpu: cpu.usePerCommand(startedAt, Date.now(), commands) });
    }
  }
  for (const waiter of waiters.values()) await waiter.stop();
  await producer.disconnect();

  const median = (name: string) => {
    const way = ways.find((each) => each.name === name)!;
    const { rate, latencies } = [...rounds.get(way)!].sort((a, b) => a.rate - b.rate)[Math.floor(ROUNDS / 2)];
    return { rate, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
  };
  const ourHttp = median(`${ours.name} HTTP`);
  const rows: BenchRow[] = [
    throughputRow(
      `HTTP commands, ${concurrency} concurrent`,
      'commands/s',
      ourHttp.rate,
      {
        what: 'the same hops raw: node:http, insertMany of the commits arriving together, answer; outbox find, send, unmark',
        ...median(`${raw.name} HTTP`),
      },
      TARGET_RATIO,
      ourHttp,
    ),
    throughputRow(
      `Kafka commands, ${concurrency} concurrent`,
      'commands/s',
      median(`${ours.name} Kafka`).rate,
      {
        what: 'the same hops raw: batch consumption, insertMany of the commits, send of the results; outbox',
        ...median(`${raw.name} Kafka`),
      },
      TARGET_RATIO,
      median(`${ours.name} Kafka`),
    ),
    ...peers.map((peer) => {
      const theirs = median(`${peer.name} HTTP`);
      return {
        scenario: `${peer.name}, the same update over HTTP, ${concurrency} concurrent`,
        unit: 'commands/s',
        ...theirs,
        raw: { what: `ours: HTTP commands, ${concurrency} concurrent`, ...ourHttp },
        ratio: ourHttp.rate / theirs.rate,
        target: 'ours ahead',
        met: ourHttp.rate > theirs.rate,
      };
    }),
  ];
  return {
    rows,
    httpRate: ourHttp.rate,
    detail: {
      commands,
      concurrency,
      customersPerTarget: concurrency * 4,
      rounds: ROUNDS,
      ratesByRound: Object.fromEntries(ways.map((way) => [way.name, rounds.get(way)!.map(({ rate }) => Math.round(rate))])),
      // Where each round's CPU went: the two cores carry every part, so a command's CPU bounds the rate.
      cpuByRound: Object.fromEntries(ways.map((way) => [way.name, rounds.get(way)!.map((round) => round.cpu)])),
    },
  };
}

function kafkaCommands(producer: Producer, target: CommandTarget, results: ResultWaiter, customers: string[], concurrency: number) {
  return (count: number) =>
    withConcurrency(count, concurrency, async (i) => {
      const commandId = randomUUID();
      const answered = results.wait(commandId);
      await producer.send({
        topic: `${target.kafka!.topicPrefix}.commands`,
        acks: -1,
        messages: [commandMessage(customers[i % customers.length], commandId)],
      });
      if ((await answered).outcome !== 'accepted') throw new Error(`${target.name}: a bench command was rejected`);
    });
}
