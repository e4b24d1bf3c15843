import { JsonProducer } from '@app/messaging';
import { useIsolatedEnvironment } from '@app/testing';
import { Kafka, logLevel, Producer } from 'kafkajs';

// The producer the outbox and the command results share: sends to a topic made while one is in
// flight go out together, and each still resolves only when Kafka has its own messages.
describe('JsonProducer on the real broker', () => {
  const { kafkaBrokers, topicPrefix } = useIsolatedEnvironment();
  const kafka = new Kafka({ brokers: kafkaBrokers, clientId: 'json-producer-test', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const [first, second, small] = ['first', 'second', 'small'].map((name) => `${topicPrefix}.${name}`);
  let kafkajsProducer: Producer;
  let producer: JsonProducer;

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: first, numPartitions: 1 },
        { topic: second, numPartitions: 1 },
        { topic: small, numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: '4096' }] },
      ],
    });
    // The real kafkajs producer, watched: how many requests the sends took.
    const makeProducer = kafka.producer.bind(kafka);
    producer = new JsonProducer({ producer: (config) => (kafkajsProducer = makeProducer(config)) } as Kafka);
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await admin.disconnect();
  });

  async function read(topic: string, count: number): Promise<unknown[]> {
    const consumer = kafka.consumer({ groupId: `${topic}-reader`, maxWaitTimeInMs: 100 });
    const values: unknown[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((done) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          values.push(JSON.parse(message.value!.toString()));
          if (values.length === count) done();
        },
      });
    });
    await consumer.disconnect();
    return values;
  }

  it('sends what was sent meanwhile in one request, in the order of the sends', async () => {
    let requests = 0;
    const stopCounting = kafkajsProducer.on(
      kafkajsProducer.events.REQUEST,
      ({ payload }) => (requests += payload.apiName === 'Produce' ? 1 : 0),
    );
    const sends = Array.from({ length: 40 }, (_, i) =>
      producer.send(i % 2 === 0 ? first : second, [
        { key: 'k', value: { i } },
        { key: 'k', value: { i, part: 2 } },
      ]),
    );
    await Promise.all(sends);
    // For each topic the first goes alone; the other 19 were waiting behind it, and go eight at a time.
    expect(requests).toBeGreaterThan(0);
    expect(requests).toBeLessThanOrEqual(8);
    const expected = (parity: number) =>
      Array.from({ length: 40 }, (_, i) => i)
        .filter((i) => i % 2 === parity)
        .flatMap((i) => [{ i }, { i, part: 2 }]);
    expect(await read(first, 40)).toEqual(expected(0));
    expect(await read(second, 40)).toEqual(expected(1));
    stopCounting();
  });

  it('fails only the send that holds a message the broker refuses, and delivers the ones sent beside it', async () => {
    const inFlight = producer.send(small, [{ key: 'k', value: { n: 0 } }]);
    const before = producer.send(small, [{ key: 'k', value: { n: 1 } }]);
    const tooLarge = producer.send(small, [{ key: 'k', value: { n: 2, padding: 'x'.repeat(8192) } }]);
    const after = producer.send(small, [{ key: 'k', value: { n: 3 } }]);
    await expect(tooLarge).rejects.toThrow(/larger than/i);
    await expect(Promise.all([inFlight, before, after])).resolves.toBeDefined();
    expect(await read(small, 3)).toEqual([{ n: 0 }, { n: 1 }, { n: 3 }]);
  });
});
