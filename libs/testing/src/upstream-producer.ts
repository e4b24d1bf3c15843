import { Kafka, logLevel, Partitioners, Producer } from 'kafkajs';

/** A plain kafkajs producer, connected, as an upstream system publishes commands with. */
export async function upstreamProducer(brokers: string[]): Promise<Producer> {
  const producer = new Kafka({ brokers, clientId: 'upstream', logLevel: logLevel.NOTHING }).producer({
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  return producer;
}
