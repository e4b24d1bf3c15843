import { topicsFor } from '@app/messaging';
import { Kafka, logLevel } from 'kafkajs';
import { Db } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { CommandTarget, registeredCustomers, updateCompanyName } from './command-target';
import { resent } from './http-load-client';
import { BenchRow, drained, percentile, sleep } from './measure';

/**
 * From sending a command over HTTP to the read model showing its version, at a steady rate
 * (half the measured peak), against the same hops done raw at the same rate: node:http and an
 * insert, the raw outbox's find, send and unmark, and the raw projector's batch read and bulk
 * replace (raw/), watched the same way.
 */
export async function latencyScenario(
  ours: CommandTarget & { db: Db; projectorUrl?: string },
  raw: CommandTarget & { db: Db },
  rate: number,
  seconds: number,
): Promise<{ row: BenchRow; detail: object }> {
  const batchesBefore = await projectorBatches(ours.projectorUrl);
  const measured = await commandToReadModel(ours, rate, seconds);
  const projectorBatchesToReadModelByUpperBoundSeconds = batchesBetween(batchesBefore, await projectorBatches(ours.projectorUrl));
  const rawMeasured = await commandToReadModel(raw, rate, seconds);
  const p99 = percentile(measured.latencies, 99);
  const rawP99 = percentile(rawMeasured.latencies, 99);
  return {
    row: {
      scenario: `command to read model at ${rate.toFixed(0)} commands/s (half the HTTP peak)`,
      unit: 'ms (p50 / p99)',
      rate: percentile(measured.latencies, 50),
      p50Ms: percentile(measured.latencies, 50),
      p99Ms: p99,
      raw: {
        what: 'the same hops raw at the same rate: node:http + insertMany, outbox find/send/unmark, projector find + bulk replace',
        rate: percentile(rawMeasured.latencies, 50),
        p50Ms: percentile(rawMeasured.latencies, 50),
        p99Ms: rawP99,
      },
      ratio: rawP99 / p99,
      target: 'p99 < 100 ms',
      // Commands that failed have no latency to count; a run with any is not a run that met the target.
      met: p99 < 100 && Object.keys(measured.failed).length === 0,
    },
    detail: {
      rate,
      ours: { ...measured.detail, projectorBatchesToReadModelByUpperBoundSeconds },
      raw: rawMeasured.detail,
    },
  };
}

/** Commands at `rate` for `seconds` through the target's HTTP route, each timed until the read model shows its version. */
async function commandToReadModel(target: CommandTarget & { db: Db }, rate: number, seconds: number) {
  const customers = await registeredCustomers(target, 64, 8);
  // Measured in a steady state: whatever the scenarios before left in the pipeline first drains.
  const drainStarted = performance.now();
  await drained(target);
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  // Where the time goes: each event's arrival on the events topic, beside the answer and the read model.
  const onEventsTopic = new Map<string, number>();
  const eventsWatcher = new Kafka({
    brokers: target.kafka!.brokers,
    clientId: 'bench-latency-events',
    logLevel: logLevel.NOTHING,
  }).consumer({
    groupId: `bench-events-${randomUUID()}`,
    maxWaitTimeInMs: 100,
  });
  await eventsWatcher.connect();
  await eventsWatcher.subscribe({ topic: topicsFor(target.kafka!.topicPrefix).events, fromBeginning: false });
  const watching = new Promise<void>((resolve) => eventsWatcher.on(eventsWatcher.events.GROUP_JOIN, () => resolve()));
  // A group of its own, read from the end: committing its offsets would only load the broker it measures.
  await eventsWatcher.run({
    autoCommit: false,
    eachMessage: async ({ message }) => {
      const event = JSON.parse(message.value!.toString()) as { customerId: string; version: number };
      onEventsTopic.set(`${event.customerId}:${event.version}`, performance.now());
    },
  });
  await watching;
  const accounts = target.db.collection<{ _id: string; version: number }>('customer_accounts');
  // One watcher for every command in flight: a query for all their accounts every 5 ms, so
  // that the measuring does not load the database it measures.
  const waiting = new Map<number, { customerId: string; version: number; sent: number }>();
  const latencies: number[] = [];
  const answered: Array<{ key: string; sent: number; answered: number }> = [];
  /** Commands not accepted, by HTTP status (0: no answer, and then why in `unanswered`). */
  const failed: Record<number, number> = {};
  const unanswered = new Set<string>();
  const resentBefore = resent.afterIdleSocketReset;
  let sending = true;
  const watcher = (async () => {
    while (sending || waiting.size > 0) {
      const pending = [...waiting.entries()].filter(([, command]) => command.version > 0);
      if (pending.length > 0) {
        const ids = [...new Set(pending.map(([, command]) => command.customerId))];
        const versions = new Map(
          (await accounts.find({ _id: { $in: ids } }, { projection: { version: 1 } }).toArray()).map((account) => [
            account._id,
            account.version,
          ]),
        );
        for (const [id, command] of pending) {
          if ((versions.get(command.customerId) ?? 0) >= command.version) {
            latencies.push(performance.now() - command.sent);
            waiting.delete(id);
          }
        }
      }
      await sleep(5);
    }
  })();
  const count = Math.round(rate * seconds);
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / rate;
    await sleep(Math.max(0, due - performance.now()));
    inFlight.push(
      (async () => {
        const customerId = customers[i % customers.length];
        const command = { customerId, version: 0, sent: performance.now() };
        waiting.set(i, command);
        try {
          command.version = await updateCompanyName(target, customerId);
        } catch (error) {
          // Counted and reported, not waited for: no version of the read model will show it.
          waiting.delete(i);
          const status = Number(/answered (\d+)/.exec((error as Error).message)?.[1] ?? 0);
          if (status === 0) unanswered.add((error as Error).message);
          failed[status] = (failed[status] ?? 0) + 1;
          return;
        }
        answered.push({ key: `${customerId}:${command.version}`, sent: command.sent, answered: performance.now() });
      })(),
    );
  }
  await Promise.all(inFlight);
  sending = false;
  await watcher;
  await eventsWatcher.disconnect();
  const answerMs = answered.map((command) => command.answered - command.sent);
  const toEventsTopicMs = answered.flatMap((command) =>
    onEventsTopic.has(command.key) ? [onEventsTopic.get(command.key)! - command.answered] : [],
  );
  const split = (values: number[]) => ({ p50: percentile(values, 50), p99: percentile(values, 99) });
  return {
    latencies,
    failed,
    detail: {
      commands: count,
      failed,
      unanswered: [...unanswered],
      resentAfterIdleSocketReset: resent.afterIdleSocketReset - resentBefore,
      drainSeconds,
      answerMs: split(answerMs),
      answerToEventsTopicMs: split(toEventsTopicMs),
    },
  };
}

/** The projector's own account of its batches (cumulative buckets of its histogram, by upper bound in seconds). */
async function projectorBatches(projectorUrl: string | undefined): Promise<Record<string, number>> {
  if (!projectorUrl) return {};
  const metrics = await (await fetch(`${projectorUrl}/metrics`)).text();
  const buckets = [...metrics.matchAll(/^customer_account_projector_batch_to_read_model_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm)];
  return Object.fromEntries(buckets.map(([, bound, count]) => [bound, Number(count)]));
}

/** Batches in each bucket between two readings. */
function batchesBetween(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([bound, count]) => [bound, count - (before[bound] ?? 0)]));
}
