import { EventStore } from '@app/event-store';
import { consumeWholeTopic } from '@app/messaging';
import { Kafka } from 'kafkajs';

export interface TopicDifference {
  customerId: string;
  version: number;
  /** `altered`: the store holds another event than was published; `missing`: published, not stored; `not-published`: stored, on no message. */
  problem: 'altered' | 'missing' | 'not-published';
  detail: string;
}

export interface TopicComparison {
  ok: boolean;
  /** Messages read from the events topic, and how many of them were no event at all. */
  messages: number;
  unreadable: number;
  /** Stored events compared with a published copy. */
  compared: number;
  /** The first difference of each customer's stream. */
  differences: TopicDifference[];
}

/** The store's event, as published, keyed by stream position. */
interface PublishedEvent {
  customerId: string;
  version: number;
  hash?: string;
}

/**
 * The events topic as a second witness: it keeps every event as published, forever, so an
 * event edited in the store (chain recomputed or not) or deleted with the stream's tail no
 * longer matches its published copy, named to the version. An operator's check: it reads
 * the whole topic, and the store once over.
 */
export async function compareWithEventsTopic(
  kafka: Kafka,
  topic: string,
  store: EventStore,
  onProgress: (messages: number) => void = () => undefined,
): Promise<TopicComparison> {
  const report: TopicComparison = { ok: true, messages: 0, unreadable: 0, compared: 0, differences: [] };
  const published = new Map<string, Set<number>>();
  const differing = new Set<string>();
  const differ = (difference: TopicDifference) => {
    if (differing.has(difference.customerId)) return;
    differing.add(difference.customerId);
    report.differences.push(difference);
  };
  await consumeWholeTopic(
    kafka,
    topic,
    async (messages) => {
      report.messages += messages.length;
      const events = messages.map((message) => message.value).filter(isPublishedEvent);
      report.unreadable += messages.length - events.length;
      const stored = await store.storedHashesOf([...new Set(events.map((event) => event.customerId))]);
      for (const event of events) {
        const versions = published.get(event.customerId) ?? new Set<number>();
        published.set(event.customerId, versions);
        if (versions.has(event.version)) continue; // published twice (the outbox delivers at least once)
        versions.add(event.version);
        const hashes = stored.get(event.customerId);
        if (!hashes?.has(event.version)) {
          differ({ ...at(event), problem: 'missing', detail: `version ${event.version} was published but is not in the store` });
          continue;
        }
        report.compared += 1;
        if (hashes.get(event.version) !== event.hash)
          differ({ ...at(event), problem: 'altered', detail: `version ${event.version} in the store is not the event published` });
      }
      onProgress(report.messages);
    },
    // No time limit: the events topic can be large, and is read a batch at a time.
  );
  const unpublished = new Set(
    (await store.unpublishedVersions()).flatMap(({ customerId, firstVersion, lastVersion }) =>
      Array.from({ length: lastVersion - firstVersion + 1 }, (_, index) => `${customerId}:${firstVersion + index}`),
    ),
  );
  for await (const stream of store.scanStreams()) {
    const versions = published.get(stream.customerId);
    for (const event of stream.events)
      if (!versions?.has(event.version) && !unpublished.has(`${stream.customerId}:${event.version}`)) {
        differ({
          customerId: stream.customerId,
          version: event.version,
          problem: 'not-published',
          detail: `version ${event.version} is in the store but on no message of the topic`,
        });
        break;
      }
  }
  report.ok = report.differences.length === 0;
  return report;
}

const at = (event: PublishedEvent) => ({ customerId: event.customerId, version: event.version });

function isPublishedEvent(value: unknown): value is PublishedEvent {
  const event = value as Partial<PublishedEvent> | null;
  return typeof event === 'object' && event !== null && typeof event.customerId === 'string' && Number.isInteger(event.version);
}
