import { bearer, operator } from '@app/testing';

/** Whatever answers GET /pipeline/lag: the service, or the raw chains in its shape. */
type LagReporter = { baseUrl: string };

/** Timing and summary helpers shared by the scenarios. */
export async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; result: T }> {
  const started = process.hrtime.bigint();
  const result = await work();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, result };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Runs `work` for items 0..count-1 with `concurrency` workers; returns each item's latency in ms. */
export async function withConcurrency(count: number, concurrency: number, work: (index: number) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const index = next++;
        const started = performance.now();
        await work(index);
        latencies.push(performance.now() - started);
      }
    }),
  );
  return latencies;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One line of the results table: a scenario beside the raw ceiling of the part beneath it. */
export interface BenchRow {
  scenario: string;
  unit: string;
  rate: number;
  p50Ms?: number;
  p99Ms?: number;
  raw: { what: string; rate: number; p50Ms?: number; p99Ms?: number };
  /** rate / raw rate; for latency rows, raw p99 / p99. */
  ratio: number;
  target: string;
  /** Undefined where the team set no target: a figure to read beside the others. */
  met?: boolean;
}

/** A throughput row: `rate` beside the raw ceiling's, held to at least `minRatio` of it where the team set one. */
export function throughputRow(
  scenario: string,
  unit: string,
  rate: number,
  raw: BenchRow['raw'],
  minRatio: number | undefined,
  latencies: Pick<BenchRow, 'p50Ms' | 'p99Ms'> = {},
): BenchRow {
  const ratio = rate / raw.rate;
  if (minRatio === undefined) return { scenario, unit, rate, ...latencies, raw, ratio, target: 'none set' };
  return { scenario, unit, rate, ...latencies, raw, ratio, target: `≥ ${minRatio}`, met: ratio >= minRatio };
}

interface PipelineLag {
  outbox?: { unpublishedCommits: number };
  projector?: { partitions: Array<{ eventsBehind: number }> };
}

/** Polls the service's lag every `everyMs` until `done` says so. */
async function lagUntil(system: LagReporter, everyMs: number, done: (lag: PipelineLag) => boolean): Promise<void> {
  // The lag is an operator's figure.
  const authorization = bearer(operator());
  for (;;) {
    const lag = (await (
      await fetch(`${system.baseUrl}/pipeline/lag`, { headers: { Authorization: authorization } })
    ).json()) as PipelineLag;
    if (done(lag)) return;
    await sleep(everyMs);
  }
}

/** Until the outbox has published everything and the projector has read every event: a quiet system. */
export const drained = (system: LagReporter) =>
  lagUntil(
    system,
    200,
    (lag) => lag.outbox?.unpublishedCommits === 0 && !!lag.projector?.partitions.every((partition) => partition.eventsBehind === 0),
  );

/** Until the outbox has sent every stored commit to Kafka. */
export const published = (system: LagReporter) => lagUntil(system, 10, (lag) => lag.outbox?.unpublishedCommits === 0);
