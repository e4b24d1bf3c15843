import { ConsumerConfig } from 'kafkajs';

/**
 * How long a fetch may wait at the broker for data. With kafkajs's default, 5 s, a fetch
 * can sit out its whole wait while messages are produced (kafkajs issues 370 and 1397:
 * it acts as a polling interval); 100 ms bounds that delay for commands and events.
 */
const MAX_FETCH_WAIT_MS = 100;

/** Every consumer of the apps: its group, topics made by the apps only, fetches that return soon. */
export function consumerConfig(groupId: string): ConsumerConfig {
  return { groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: MAX_FETCH_WAIT_MS };
}
