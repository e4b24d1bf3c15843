import { connectMongo } from '@app/mongo';
import { Db } from 'mongodb';
import { eventStoreFor, seedingVaultOver } from '@app/testing';
import { startSystem, startSystemInProcesses } from '../test/support';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { commandPipelineScenario } from './command-pipeline.scenario';
import { CommandTarget, registeredCustomers, updateCompanyName } from './command-target';
import { kafkaBacklogScenario } from './kafka-backlog.scenario';
import { startPeers } from './peers/peer-processes';
import { SampleCommits } from './raw/raw-commits';
import { startRawSystem } from './raw/raw-system';
import { latencyScenario } from './latency.scenario';
import { CpuSampler } from './cpu-sampler';
import { BenchRow } from './measure';
import { projectorScenario } from './projector.scenario';
import { replayScenario } from './replay.scenario';

// npm run bench: every scenario beside the raw ceiling of the part beneath it, in one run on
// the real servers, then a table (Markdown, for the README) and .local/bench/results.json.
// Each ceiling makes the hops of the path it bounds, raw (bench/raw/), and the peers run the
// same update behind the same HTTP client (bench/peers/). Sizes: BENCH_CONCURRENCY (32,64: the
// command pipeline at each), BENCH_COMMANDS (1500), BENCH_BACKLOG_COMMANDS (5000),
// BENCH_PROJECTOR_EVENTS (20000), BENCH_REPLAY_EVENTS (100000), BENCH_LATENCY_SECONDS (15).
const CONCURRENCIES = (process.env.BENCH_CONCURRENCY ?? '32,64').split(',').map(Number);
const COMMANDS = Number(process.env.BENCH_COMMANDS ?? 1_500);
const PROJECTOR_EVENTS = Number(process.env.BENCH_PROJECTOR_EVENTS ?? 20_000);
const REPLAY_EVENTS = Number(process.env.BENCH_REPLAY_EVENTS ?? 100_000);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 15);
const BACKLOG_COMMANDS = Number(process.env.BENCH_BACKLOG_COMMANDS ?? 5_000);
const MONGODB_URI = process.env.MONGODB_URI!;
/** BENCH_ONLY: a comma-separated list of pipeline, peers (beside the pipeline), latency, backlog, projector and replay; all by default. */
const ONLY = process.env.BENCH_ONLY?.split(',');
const runs = (scenario: string) => !ONLY || ONLY.includes(scenario);
/** BENCH_APP_NODE_ARGS: options for node in the apps alone, e.g. `--cpu-prof --cpu-prof-dir=.local/profiles`. */
const APP_NODE_ARGS = process.env.BENCH_APP_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
const EVENTS_PER_CUSTOMER = 10;

const log = (line: string) => console.error(`[bench] ${line}`);

/**
 * What the figures were measured on: the same code answers very differently on two machines
 * of the project's kind, so runs are compared with this beside them.
 */
function machine() {
  const cores = cpus();
  return {
    cpuModel: cores[0]?.model,
    cpuMHz: cores[0]?.speed,
    cores: cores.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverageAtStart: loadavg(),
  };
}

async function main(): Promise<void> {
  const measuredOn = machine();
  const cpu = new CpuSampler();
  cpu.start();
  const rows: BenchRow[] = [];
  const details: Record<string, object> = {};

  if (runs('pipeline') || runs('latency')) {
    // As npm start runs them: the clients and watchers of this process share no event loop with them.
    const endpoints = await startSystemInProcesses({ appNodeArgs: APP_NODE_ARGS });
    const ours: CommandTarget = {
      name: 'ours',
      baseUrl: endpoints.baseUrl,
      kafka: { brokers: endpoints.kafkaBrokers, topicPrefix: endpoints.topicPrefix },
      reportsLag: true,
    };
    const samples = await sampleCommits(ours, endpoints.db);
    const raw = await startRawSystem(MONGODB_URI, endpoints.kafkaBrokers, samples);
    const rawTarget: CommandTarget = {
      name: 'raw',
      baseUrl: raw.baseUrl,
      kafka: { brokers: raw.kafkaBrokers, topicPrefix: raw.topicPrefix },
      reportsLag: true,
    };
    const peers = runs('peers') ? await startPeers(MONGODB_URI, log) : { targets: [], notRun: {}, stop: async () => undefined };
    details.peersNotRun = peers.notRun;
    try {
      let httpPeak = Number(process.env.BENCH_LATENCY_RATE ?? 0) * 2;
      for (const concurrency of runs('pipeline') ? CONCURRENCIES : []) {
        log(
          `command pipeline: ${COMMANDS} commands each way to warm up, then three rounds of ${COMMANDS} each way, at ${concurrency} concurrent`,
        );
        const pipeline = await commandPipelineScenario(ours, rawTarget, peers.targets, concurrency, COMMANDS, cpu);
        rows.push(...pipeline.rows);
        details[`commandPipelineAt${concurrency}`] = pipeline.detail;
        saveResults(measuredOn, rows, details);
        httpPeak = Math.max(httpPeak, pipeline.httpRate);
      }
      if (runs('latency')) {
        if (httpPeak === 0) throw new Error('the latency runs at half the HTTP peak: run the pipeline too, or set BENCH_LATENCY_RATE');
        log(`latency at half the HTTP peak (${(httpPeak / 2).toFixed(0)}/s) for ${LATENCY_SECONDS} s, ours and raw`);
        const latency = await latencyScenario(
          { ...ours, db: endpoints.db, projectorUrl: endpoints.projectorUrl },
          { ...rawTarget, db: raw.db },
          httpPeak / 2,
          LATENCY_SECONDS,
        );
        rows.push(latency.row);
        details.latency = latency.detail;
        saveResults(measuredOn, rows, details);
      }
    } finally {
      await Promise.all([endpoints.stop(), raw.stop(), peers.stop()]);
    }
  }

  if (runs('backlog')) {
    log(`Kafka commands from a backlog of ${BACKLOG_COMMANDS}, ours and raw, three rounds each from a fresh start`);
    const kafkaBrokers = (process.env.KAFKA_BROKERS ?? '').split(',');
    const samples = await backlogSamples();
    const backlog = await kafkaBacklogScenario(
      kafkaBrokers,
      () => startRawSystem(MONGODB_URI, kafkaBrokers, samples, { commandSide: false }),
      BACKLOG_COMMANDS,
      256,
      APP_NODE_ARGS,
      cpu,
    );
    rows.push(backlog.row);
    details.kafkaBacklog = backlog.detail;
    saveResults(measuredOn, rows, details);
  }

  if (runs('projector')) {
    log(`projector: ${PROJECTOR_EVENTS} events`);
    const system = await startSystem({ commandSideInstances: 0, projectorInProcess: false });
    try {
      const projector = await projectorScenario(
        system,
        eventStoreFor(system.db),
        seedingVaultOver(system.db),
        PROJECTOR_EVENTS / EVENTS_PER_CUSTOMER,
        EVENTS_PER_CUSTOMER,
      );
      rows.push(...projector.rows);
      details.projector = projector.detail;
      saveResults(measuredOn, rows, details);
    } finally {
      await system.stop();
    }
  }

  if (runs('replay')) {
    log(`replay: ${REPLAY_EVENTS} events`);
    const client = await connectMongo(MONGODB_URI);
    const db = client.db(`bench_replay_${Date.now()}`);
    try {
      const store = eventStoreFor(db);
      await store.ensureIndexes();
      const replay = await replayScenario(db, store, seedingVaultOver(db), REPLAY_EVENTS / EVENTS_PER_CUSTOMER, EVENTS_PER_CUSTOMER);
      rows.push(replay.row);
      details.replay = replay.detail;
      saveResults(measuredOn, rows, details);
    } finally {
      await db.dropDatabase().catch(() => undefined);
      await client
        .db(`${db.databaseName}_keys`)
        .dropDatabase()
        .catch(() => undefined);
      await client.close();
    }
  }

  cpu.stop();
  printTable(rows);
  saveResults(measuredOn, rows, details);
  log('wrote .local/bench/results.json');
}

/** Sample commits for the backlog's raw chain, from a service started for them alone. */
async function backlogSamples(): Promise<SampleCommits> {
  const system = await startSystemInProcesses();
  try {
    return await sampleCommits({ name: 'ours', baseUrl: system.baseUrl, reportsLag: true }, system.db);
  } finally {
    await system.stop();
  }
}

/** A registration's and an update's commits as the service stored them, for the raw chains to write again. */
async function sampleCommits(ours: CommandTarget, db: Db): Promise<SampleCommits> {
  const [customerId] = await registeredCustomers(ours, 1, 1);
  await updateCompanyName(ours, customerId);
  const commit = async (commandType: string) => {
    const {
      publication: _publication,
      outboxShard: _shard,
      ...stored
    } = (await db.collection('event_commits').findOne({ customerId, commandType }))!;
    return stored;
  };
  return { registration: await commit('RegisterCustomer'), update: await commit('UpdateCustomerDetails') };
}

/** Written after every scenario, so that a run that fails late keeps the figures it has. */
function saveResults(measuredOn: object, rows: BenchRow[], details: Record<string, object>): void {
  mkdirSync('.local/bench', { recursive: true });
  writeFileSync(
    '.local/bench/results.json',
    JSON.stringify({ date: new Date().toISOString(), machine: measuredOn, rows, details }, null, 2),
  );
}

function printTable(rows: BenchRow[]): void {
  const number = (value: number | undefined, digits = 0) =>
    value === undefined || Number.isNaN(value)
      ? ''
      : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const latency = (p50?: number, p99?: number) => (p50 === undefined ? '' : `${number(p50, 1)} / ${number(p99, 1)}`);
  console.log(`\nBenchmarks on ${new Date().toISOString().slice(0, 10)} (${process.env.BENCH_MACHINE ?? 'this machine'})\n`);
  console.log('| scenario | rate | p50 / p99 ms | ceiling | ceiling rate | ceiling p50 / p99 ms | ratio | target | met |');
  console.log('|---|---:|---:|---|---:|---:|---:|---|---|');
  for (const row of rows) {
    const isLatency = row.unit.startsWith('ms');
    console.log(
      `| ${row.scenario} | ${isLatency ? '' : `${number(row.rate)} ${row.unit}`} | ${latency(row.p50Ms, row.p99Ms)} | ${row.raw.what} | ${isLatency ? '' : number(row.raw.rate)} | ${latency(row.raw.p50Ms, row.raw.p99Ms)} | ${number(row.ratio, 2)} | ${row.target} | ${row.met === undefined ? '' : row.met ? 'yes' : '**no**'} |`,
    );
  }
}

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
