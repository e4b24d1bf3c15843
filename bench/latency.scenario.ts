import { ReadModelRepository } from '@app/read-model';
import { topicsFor } from '@app/messaging';
import { actor, bearer, registerBody } from '@app/testing';
import { SystemEndpoints } from '../test/support';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { httpSend, resent } from './http-load-client';
import { BenchRow, drained, percentile, sleep } from './measure';

/**
 * From sending a command over HTTP to the read model showing its version, at a steady rate
 * (half the measured peak), against the raw latency of Kafka beneath it: a message from
 * kafkajs send to a kafkajs consumer at the same rate.
 */
export async function latencyScenario(system: SystemEndpoints, rate: number, seconds: number): Promise<{ row: BenchRow; detail: object }> {
  const authorization = bearer(actor());
  const customers = Array.from({ length: 64 }, () => randomUUID());
  for (const customerId of customers) {
    await fetch(`${system.baseUrl}/customers`, {
      method: 'POST',
      headers: { Authorization: authorization, 'Content-Type': 'application/json' },
      body: JSON.stringify(registerBody(customerId)),
    });
  }
  // Measured in a steady state: whatever the scenarios before left in the pipeline first drains.
  const drainStarted = performance.now();
  await drained(system);
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  // Where the time goes: each event's arrival on the events topic, beside the answer and the read model.
  const onEventsTopic = new Map<string, number>();
  const eventsWatcher = new Kafka({ brokers: system.kafkaBrokers, clientId: 'bench-latency-events', logLevel: logLevel.NOTHING }).consumer({
    groupId: `bench-events-${randomUUID()}`,
    maxWaitTimeInMs: 100,
  });
  await eventsWatcher.connect();
  await eventsWatcher.subscribe({ topic: topicsFor(system.topicPrefix).events, fromBeginning: false });
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
  const batchesBefore = await projectorBatches(system);
  const readModel = new ReadModelRepository(system.db);
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
        const accounts = await readModel.getMany([...new Set(pending.map(([, command]) => command.customerId))]);
        for (const [id, command] of pending) {
          if ((accounts.get(command.customerId)?.version ?? 0) >= command.version) {
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
        const response = await httpSend(
          `${system.baseUrl}/customers/${customerId}/company-profile`,
          'PATCH',
          { Authorization: authorization, 'Content-Type': 'application/json', 'If-Match': '*' },
          JSON.stringify({ companyName: `Contoso ${i}` }),
        ).catch((error: Error) => {
          unanswered.add(error.message);
          return { status: 0, body: error.message };
        });
        if (response.status !== 200) {
          // Counted and reported, not waited for: no version of the read model will show it.
          waiting.delete(i);
          failed[response.status] = (failed[response.status] ?? 0) + 1;
          return;
        }
        command.version = (JSON.parse(response.body) as { version: number }).version;
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

  const raw = await rawProduceToConsume(system, rate, seconds);
  return {
    row: {
      scenario: `command to read model at ${rate.toFixed(0)} commands/s (half the HTTP peak)`,
      unit: 'ms (p50 / p99)',
      rate: percentile(latencies, 50),
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      raw: { what: 'kafkajs send to kafkajs consume', rate: percentile(raw, 50), p50Ms: percentile(raw, 50), p99Ms: percentile(raw, 99) },
      ratio: percentile(raw, 99) / percentile(latencies, 99),
      target: 'p99 < 100 ms',
      // Commands that failed have no latency to count; a run with any is not a run that met the target.
      met: percentile(latencies, 99) < 100 && Object.keys(failed).length === 0,
    },
    detail: {
      commands: count,
      rate,
      failed,
      unanswered: [...unanswered],
      resentAfterIdleSocketReset: resent.afterIdleSocketReset - resentBefore,
      drainSeconds,
      answerMs: split(answerMs),
      answerToEventsTopicMs: split(toEventsTopicMs),
      projectorBatchesToReadModelByUpperBoundSeconds: batchesBetween(batchesBefore, await projectorBatches(system)),
    },
  };
}

/** The projector's own account of its batches (cumulative buckets of its histogram, by upper bound in seconds). */
async function projectorBatches(system: SystemEndpoints): Promise<Record<string, number>> {
  if (!system.projectorUrl) return {};
  const metrics = await (await fetch(`${system.projectorUrl}/metrics`)).text();
  const buckets = [...metrics.matchAll(/^customer_account_projector_batch_to_read_model_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm)];
  return Object.fromEntries(buckets.map(([, bound, count]) => [bound, Number(count)]));
}

/** Batches in each bucket between two readings. */
function batchesBetween(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([bound, count]) => [bound, count - (before[bound] ?? 0)]));
}

async function rawProduceToConsume(system: SystemEndpoints, rate: number, seconds: number): Promise<number[]> {
  const kafka = new Kafka({ brokers: system.kafkaBrokers, clientId: 'bench-latency', logLevel: logLevel.NOTHING });
  const topic = `${system.topicPrefix}.bench-latency`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId: `bench-latency-${randomUUID()}`, maxWaitTimeInMs: 100 });
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({ eachMessage: async ({ message }) => void latencies.push(performance.now() - sentAt.get(message.key!.toString())!) });
  await joined;
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const count = Math.round(rate * seconds);
  const started = performance.now();
  const sends: Promise<unknown>[] = [];
  for (let i = 0; i < count; i++) {
    await sleep(Math.max(0, started + (i * 1000) / rate - performance.now()));
    const key = randomUUID();
    sentAt.set(key, performance.now());
    sends.push(producer.send({ topic, acks: -1, messages: [{ key, value: 'x' }] }));
  }
  await Promise.all(sends);
  while (latencies.length < count) await sleep(10);
  await producer.disconnect();
  await consumer.disconnect();
  return latencies;
}
