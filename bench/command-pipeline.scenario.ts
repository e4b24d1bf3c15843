import { actor, bearer, registerBody } from '@app/testing';
import { SystemEndpoints } from '../test/support';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { Document } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { httpSend } from './http-load-client';
import { ResultWaiter } from './kafka-results';
import { BenchRow, drained, percentile, published, throughputRow, withConcurrency } from './measure';

/**
 * Before anything is measured, as many commands each way as a round has, unmeasured; then
 * each way is measured in this many rounds, the ways taking turns, and its median round is
 * reported. The bench starts Kafka's JVM, FerretDB and the apps cold, and every way keeps
 * speeding up for minutes, so that a way measured after another would have a warmer system.
 */
const ROUNDS = 3;

/**
 * Commands through the whole command side (HTTP, and the commands topic), at `concurrency`
 * clients, against the raw ceiling beneath it: the driver appending a commit-sized document
 * (majority, journaled) and kafkajs producing one message (idempotent, acks all), one after
 * the other, at the same concurrency.
 */
export async function commandPipelineScenario(
  system: SystemEndpoints,
  concurrency: number,
  commands: number,
): Promise<{ rows: BenchRow[]; httpRate: number; detail: object }> {
  const authorization = bearer(actor());
  const customers = Array.from({ length: concurrency * 4 }, () => randomUUID());
  await withConcurrency(customers.length, concurrency, async (i) => {
    const response = await fetch(`${system.baseUrl}/customers`, {
      method: 'POST',
      headers: { Authorization: authorization, 'Content-Type': 'application/json' },
      body: JSON.stringify(registerBody(customers[i])),
    });
    if (response.status !== 201) throw new Error(`registration answered ${response.status}`);
  });

  const httpCommands = (count: number) =>
    withConcurrency(count, concurrency, async (i) => {
      const response = await httpSend(
        `${system.baseUrl}/customers/${customers[i % customers.length]}/company-profile`,
        'PATCH',
        { Authorization: authorization, 'Content-Type': 'application/json', 'If-Match': '*' },
        JSON.stringify({ companyName: `Contoso ${randomUUID()}` }),
      );
      if (response.status !== 200) throw new Error(`update answered ${response.status}: ${response.body}`);
    });

  const kafka = new Kafka({ brokers: system.kafkaBrokers, clientId: 'bench-upstream', logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const results = new ResultWaiter(kafka, `${system.topicPrefix}.command-results`);
  await results.start();
  const kafkaCommands = (count: number) =>
    withConcurrency(count, concurrency, async (i) => {
      const customerId = customers[i % customers.length];
      const commandId = randomUUID();
      const answered = results.wait(commandId);
      await producer.send({
        topic: `${system.topicPrefix}.commands`,
        acks: -1,
        messages: [
          {
            key: customerId,
            headers: { authorization },
            value: JSON.stringify({
              commandId,
              type: 'UpdateCustomerDetails',
              customerId,
              payload: { companyProfile: { companyName: `Contoso k${randomUUID()}` } },
            }),
          },
        ],
      });
      if ((await answered).outcome !== 'accepted') throw new Error('a bench command was rejected');
    });
  const ways = { http: httpCommands, kafka: kafkaCommands, raw: rawAppendAndProduce(system, producer, concurrency) };
  for (const run of Object.values(ways)) await run(commands);
  const rounds: Record<keyof typeof ways, Array<{ rate: number; latencies: number[] }>> = { http: [], kafka: [], raw: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [way, run] of Object.entries(ways) as Array<[keyof typeof ways, (count: number) => Promise<number[]>]>) {
      // Each way starts on a quiet system, not beside the service still publishing and
      // projecting the way before it, and pays for publishing its own events: the raw ceiling
      // sends its message before it counts an operation done, so the service's round ends when
      // the outbox has sent every commit, not at the last answer.
      await drained(system);
      const started = performance.now();
      const latencies = await run(commands);
      if (way !== 'raw') await published(system);
      rounds[way].push({ rate: commands / ((performance.now() - started) / 1000), latencies });
    }
  }
  await results.stop();
  await producer.disconnect();

  const median = (way: keyof typeof ways) => [...rounds[way]].sort((a, b) => a.rate - b.rate)[Math.floor(ROUNDS / 2)];
  const rawMedian = median('raw');
  const rawCeiling = {
    what: 'driver insertOne of a commit + kafkajs send of one message',
    rate: rawMedian.rate,
    p50Ms: percentile(rawMedian.latencies, 50),
    p99Ms: percentile(rawMedian.latencies, 99),
  };
  const rowOf = (scenario: string, way: keyof typeof ways) => {
    const { rate, latencies } = median(way);
    return throughputRow(scenario, 'commands/s', rate, rawCeiling, 0.6, {
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
    });
  };
  const ratesOf = (way: keyof typeof ways) => rounds[way].map(({ rate }) => Math.round(rate));
  return {
    rows: [rowOf(`HTTP commands, ${concurrency} concurrent`, 'http'), rowOf(`Kafka commands, ${concurrency} concurrent`, 'kafka')],
    httpRate: median('http').rate,
    detail: {
      commands,
      concurrency,
      customers: customers.length,
      rounds: ROUNDS,
      ratesByRound: { http: ratesOf('http'), kafka: ratesOf('kafka'), raw: ratesOf('raw') },
    },
  };
}

/**
 * Each call appends and sends `operations` more; the first makes the topic and the collection,
 * with a copy of an update's commit, so it must come after some updates.
 */
function rawAppendAndProduce(system: SystemEndpoints, producer: Producer, concurrency: number) {
  const commits = system.db.collection(`raw_appends_${Date.now()}`);
  const topic = `${system.topicPrefix}.commands`.replace(/commands$/, 'bench-raw');
  let made: Promise<Document> | undefined;
  const make = async () => {
    const { _id, ...commit } = (await system.db.collection('event_commits').findOne({ commandType: 'UpdateCustomerDetails' }))!;
    const admin = new Kafka({ brokers: system.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();
    return commit;
  };
  return async (operations: number) => {
    const commit = await (made ??= make());
    return withConcurrency(operations, concurrency, async () => {
      const id = randomUUID();
      await commits.insertOne({ ...commit, _id: id as never });
      await producer.send({ topic, acks: -1, messages: [{ key: id, value: JSON.stringify(commit) }] });
    });
  };
}
