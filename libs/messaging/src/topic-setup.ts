import { Admin, Kafka } from 'kafkajs';
import { Topics } from './topics';

export interface TopicSettings {
  partitions: number;
  replicationFactor: number;
}

/** How long a start waits for topics another app is creating at the same moment. */
const TOPICS_READY_WITHIN_MS = 30_000;

/**
 * Creates any missing topic (an existing one is left as it is), then waits until every
 * topic has a leader for each partition. `npm start` starts Kafka, then the service and the
 * projector side by side: on the broker just started, topics just created (by either app) were
 * listed but not yet served for a moment, and the first subscribe, or kafkajs' own wait for
 * leaders, failed with UNKNOWN_TOPIC_OR_PARTITION and stopped the app.
 */
export async function ensureTopics(kafka: Kafka, topics: Topics, settings: TopicSettings): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await createMissing(admin, topics, settings);
    await untilServed(admin, Object.values(topics));
  } finally {
    await admin.disconnect();
  }
}

async function createMissing(admin: Admin, topics: Topics, settings: TopicSettings): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const forever = [
    { name: 'retention.ms', value: '-1' },
    { name: 'retention.bytes', value: '-1' },
  ];
  const wanted = [
    { topic: topics.events, configEntries: forever },
    { topic: topics.commands },
    { topic: topics.commandResults },
    { topic: topics.commandsDeadLetter, configEntries: forever },
    { topic: topics.eventsDeadLetter, configEntries: forever },
    { topic: topics.digests, configEntries: forever },
    { topic: topics.accessLog, configEntries: forever },
  ].filter(({ topic }) => !existing.has(topic));
  if (wanted.length === 0) return;
  // kafkajs' own wait for leaders gives up on UNKNOWN_TOPIC_OR_PARTITION, which a broker just
  // started answers for a while about topics it has just created: untilServed waits instead.
  await admin.createTopics({
    waitForLeaders: false,
    topics: wanted.map((topic) => ({ ...topic, numPartitions: settings.partitions, replicationFactor: settings.replicationFactor })),
  });
}

async function untilServed(admin: Admin, names: string[]): Promise<void> {
  const deadline = Date.now() + TOPICS_READY_WITHIN_MS;
  for (;;) {
    const served = await admin.fetchTopicMetadata({ topics: names }).then(
      ({ topics }) =>
        topics.length === names.length &&
        topics.every(({ partitions }) => partitions.length > 0 && partitions.every(({ leader }) => leader >= 0)),
      () => false, // not known yet: asked again below
    );
    if (served) return;
    if (Date.now() > deadline)
      throw new Error(`Kafka does not serve the topics ${names.join(', ')} ${TOPICS_READY_WITHIN_MS / 1000} s after they were created`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
