import { Kafka } from 'kafkajs';
import { Topics } from './topics';

export interface TopicSettings {
  partitions: number;
  replicationFactor: number;
}

/** Creates any missing topic; an existing one is left as it is. */
export async function ensureTopics(kafka: Kafka, topics: Topics, settings: TopicSettings): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const forever = [{ name: 'retention.ms', value: '-1' }, { name: 'retention.bytes', value: '-1' }];
    const wanted = [
      { topic: topics.events, configEntries: forever },
      { topic: topics.commands },
      { topic: topics.commandResults },
      { topic: topics.commandsDeadLetter, configEntries: forever },
      { topic: topics.eventsDeadLetter, configEntries: forever },
    ].filter(({ topic }) => !existing.has(topic));
    if (wanted.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: wanted.map((topic) => ({ ...topic, numPartitions: settings.partitions, replicationFactor: settings.replicationFactor })),
    });
  } finally {
    await admin.disconnect();
  }
}
