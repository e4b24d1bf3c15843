import { Topics, topicsFor } from '@app/messaging';
import { TopicRecorder, upstreamProducer } from '@app/testing';
import { Producer } from 'kafkajs';
import { RunningSystem, startSystem } from './running-system';

export interface UpstreamKafka {
  system: RunningSystem;
  topics: Topics;
  /** Publishes as an upstream system does. */
  producer: Producer;
  /** Records the topics asked for, from the beginning. */
  recorder: TopicRecorder;
}

/**
 * The running system with an upstream producer and a recorder of the topics a test reads,
 * set up before the file's tests and torn down after them. `before` runs first (an
 * environment variable the apps should start with, say). Not in the index: it registers
 * Jest hooks, and the bench builds on the index without Jest.
 */
export function useUpstreamKafka(recorded: (topics: Topics) => string[], before: () => void = () => undefined): UpstreamKafka {
  const kafka = {} as UpstreamKafka;
  beforeAll(async () => {
    before();
    kafka.system = await startSystem();
    kafka.topics = topicsFor(kafka.system.topicPrefix);
    kafka.producer = await upstreamProducer(kafka.system.kafkaBrokers);
    kafka.recorder = await TopicRecorder.start(kafka.system.kafkaBrokers, recorded(kafka.topics));
  });
  afterAll(async () => {
    await kafka.producer?.disconnect();
    await kafka.recorder?.stop();
    await kafka.system?.stop();
  });
  return kafka;
}
