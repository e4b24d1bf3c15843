import { actor, bearer, registerBody, SystemEndpoints } from '@app/testing';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { httpSend } from './http-load-client';
import { ResultWaiter } from './kafka-results';
import { BenchRow, drained, percentile, throughputRow, withConcurrency } from './measure';

/** Before each measured run, a fifth as many commands unmeasured. */
const WARM_UP_SHARE = 5;

/**
 * Commands through the whole command side (HTTP, and the commands topic), at `concurrency`
 * clients, against the raw ceiling beneath it: the driver appending a commit-sized document
 * (majority, journaled) and kafkajs producing one message (idempotent, acks all), one after
 * the other, at the same concurrency.
 */
export async function commandPipelineScenario(system: SystemEndpoints, concurrency: number, commands: number): Promise<{ rows: BenchRow[]; httpRate: number; detail: object }> {
  const authorization = bearer(actor());
  const customers = Array.from({ length: concurrency * 4 }, () => randomUUID());
  await withConcurrency(customers.length, concurrency, async (i) => {
    const response = await fetch(`${system.baseUrl}/customers`, { method: 'POST', headers: { Authorization: authorization, 'Content-Type': 'application/json' }, body: JSON.stringify(registerBody(customers[i])) });
    if (response.status !== 201) throw new Error(`registration answered ${response.status}`);
  });

  const httpCommands = (count: number) =>
    withConcurrency(count, concurrency, async (i) => {
      const response = await httpSend(`${system.baseUrl}/customers/${customers[i % customers.length]}/company-profile`, 'PATCH', { Authorization: authorization, 'Content-Type': 'application/json', 'If-Match': '*' }, JSON.stringify({ companyName: `Contoso ${randomUUID()}` }));
      if (response.status !== 200) throw new Error(`update answered ${response.status}: ${response.body}`);
    });
  // Each way warmed up first, unmeasured: the bench starts Kafka's JVM and FerretDB cold.
  await httpCommands(Math.ceil(commands / WARM_UP_SHARE));
  const httpStarted = performance.now();
  const httpLatencies = await httpCommands(commands);
  const httpRate = commands / ((performance.now() - httpStarted) / 1000);

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
      await producer.send({ topic: `${system.topicPrefix}.commands`, acks: -1, messages: [{ key: customerId, headers: { authorization }, value: JSON.stringify({ commandId, type: 'UpdateCustomerDetails', customerId, payload: { companyProfile: { companyName: `Contoso k${randomUUID()}` } } }) }] });
      if ((await answered).outcome !== 'accepted') throw new Error('a bench command was rejected');
    });
  await kafkaCommands(Math.ceil(commands / WARM_UP_SHARE));
  const kafkaStarted = performance.now();
  const kafkaLatencies = await kafkaCommands(commands);
  const kafkaRate = commands / ((performance.now() - kafkaStarted) / 1000);
  await results.stop();

  // The raw ceiling on a quiet system, not beside the service still publishing and projecting.
  await drained(system, authorization);
  const raw = await rawAppendAndProduce(system, producer, concurrency, commands);
  await producer.disconnect();

  const rawCeiling = { what: 'driver insertOne of a commit + kafkajs send of one message', rate: raw.rate, p50Ms: percentile(raw.latencies, 50), p99Ms: percentile(raw.latencies, 99) };
  const rowOf = (scenario: string, rate: number, latencies: number[]) =>
    throughputRow(scenario, 'commands/s', rate, rawCeiling, 0.6, { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) });
  return {
    rows: [rowOf(`HTTP commands, ${concurrency} concurrent`, httpRate, httpLatencies), rowOf(`Kafka commands, ${concurrency} concurrent`, kafkaRate, kafkaLatencies)],
    httpRate,
    detail: { commands, concurrency, customers: customers.length },
  };
}

async function rawAppendAndProduce(system: SystemEndpoints, producer: Producer, concurrency: number, operations: number) {
  const commits = system.db.collection(`raw_appends_${Date.now()}`);
  const sample = await system.db.collection('event_commits').findOne({ commandType: 'UpdateCustomerDetails' });
  const { _id, ...commit } = sample!;
  const topic = `${system.topicPrefix}.commands`.replace(/commands$/, 'bench-raw');
  const admin = new Kafka({ brokers: system.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  await admin.disconnect();
  const started = performance.now();
  const latencies = await withConcurrency(operations, concurrency, async () => {
    const id = randomUUID();
    await commits.insertOne({ ...commit, _id: id as never });
    await producer.send({ topic, acks: -1, messages: [{ key: id, value: JSON.stringify(commit) }] });
  });
  return { rate: operations / ((performance.now() - started) / 1000), latencies };
}
