import { connectMongo } from '@app/mongo';
import { eventStoreFor, seedingVaultOver } from '@app/testing';
import { startSystem, startSystemInProcesses } from '../test/support';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { commandPipelineScenario } from './command-pipeline.scenario';
import { latencyScenario } from './latency.scenario';
import { BenchRow } from './measure';
import { projectorScenario } from './projector.scenario';
import { replayScenario } from './replay.scenario';

// npm run bench: every scenario beside the raw ceiling of the part beneath it, in one run on
// the real servers, then a table (Markdown, for the README) and .local/bench/results.json.
// Sizes: BENCH_CONCURRENCY (32,64: the command pipeline at each), BENCH_COMMANDS (1500),
// BENCH_PROJECTOR_EVENTS (20000), BENCH_REPLAY_EVENTS (100000), BENCH_LATENCY_SECONDS (15).
// The team's brief names 32-64 concurrent clients for the command pipeline: both ends are
// measured, as a batching service does better at the upper end, and its raw ceiling, one send
// at a time through an idempotent producer, hardly moves.
const CONCURRENCIES = (process.env.BENCH_CONCURRENCY ?? '32,64').split(',').map(Number);
const COMMANDS = Number(process.env.BENCH_COMMANDS ?? 1_500);
const PROJECTOR_EVENTS = Number(process.env.BENCH_PROJECTOR_EVENTS ?? 20_000);
const REPLAY_EVENTS = Number(process.env.BENCH_REPLAY_EVENTS ?? 100_000);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 15);
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
  const rows: BenchRow[] = [];
  const details: Record<string, object> = {};

  // As npm start runs them: the clients and watchers of this process share no event loop with them.
  const endpoints = await startSystemInProcesses();
  try {
    let httpPeak = 0;
    for (const concurrency of CONCURRENCIES) {
      log(
        `command pipeline: ${COMMANDS} commands each way to warm up, then three rounds of ${COMMANDS} each way, at ${concurrency} concurrent`,
      );
      const pipeline = await commandPipelineScenario(endpoints, concurrency, COMMANDS);
      rows.push(...pipeline.rows);
      details[`commandPipelineAt${concurrency}`] = pipeline.detail;
      httpPeak = Math.max(httpPeak, pipeline.httpRate);
    }
    log(`latency at half the HTTP peak (${(httpPeak / 2).toFixed(0)}/s) for ${LATENCY_SECONDS} s`);
    const latency = await latencyScenario(endpoints, httpPeak / 2, LATENCY_SECONDS);
    rows.push(latency.row);
    details.latency = latency.detail;
  } finally {
    await endpoints.stop();
  }

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
  } finally {
    await system.stop();
  }

  log(`replay: ${REPLAY_EVENTS} events`);
  const client = await connectMongo(process.env.MONGODB_URI!);
  const db = client.db(`bench_replay_${Date.now()}`);
  try {
    const store = eventStoreFor(db);
    await store.ensureIndexes();
    const replay = await replayScenario(db, store, seedingVaultOver(db), REPLAY_EVENTS / EVENTS_PER_CUSTOMER, EVENTS_PER_CUSTOMER);
    rows.push(replay.row);
    details.replay = replay.detail;
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await client
      .db(`${db.databaseName}_keys`)
      .dropDatabase()
      .catch(() => undefined);
    await client.close();
  }

  printTable(rows);
  mkdirSync('.local/bench', { recursive: true });
  writeFileSync(
    '.local/bench/results.json',
    JSON.stringify({ date: new Date().toISOString(), machine: measuredOn, rows, details }, null, 2),
  );
  log('wrote .local/bench/results.json');
}

function printTable(rows: BenchRow[]): void {
  const number = (value: number | undefined, digits = 0) =>
    value === undefined || Number.isNaN(value)
      ? ''
      : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const latency = (p50?: number, p99?: number) => (p50 === undefined ? '' : `${number(p50, 1)} / ${number(p99, 1)}`);
  console.log(`\nBenchmarks on ${new Date().toISOString().slice(0, 10)} (${process.env.BENCH_MACHINE ?? 'this machine'})\n`);
  console.log('| scenario | rate | p50 / p99 ms | raw ceiling | raw rate | raw p50 / p99 ms | ratio | target | met |');
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
