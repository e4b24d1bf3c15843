import { EventCommit } from '@app/event-store';
import { eventMessage } from '@app/messaging';
import { PersonalDataVault } from '@app/personal-data';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Db } from 'mongodb';
import { seededStream } from './seeded-streams';

export interface BacklogTarget {
  db: Db;
  kafkaBrokers: string[];
  eventsTopic: string;
}

/**
 * Streams stored straight into the event store and their events produced to the events topic,
 * as the outbox would have published them: a projector backlog of thousands of events made in
 * seconds, where sending them as commands would take a minute and more. Returns the event count.
 */
export async function seedEventBacklog(
  target: BacklogTarget,
  seeding: PersonalDataVault,
  customers: number,
  eventsPerCustomer: number,
): Promise<number> {
  const kafka = new Kafka({ brokers: target.kafkaBrokers, clientId: 'backlog-seeder', logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  let events = 0;
  try {
    for (let i = 0; i < customers; i++) {
      const { commits } = await seededStream(seeding, randomUUID(), eventsPerCustomer);
      await target.db.collection<EventCommit>('event_commits').insertMany(commits);
      const messages = commits.flatMap((commit) => commit.events.map(eventMessage));
      await producer.send({
        topic: target.eventsTopic,
        acks: -1,
        messages: messages.map((message) => ({ ...message, value: JSON.stringify(message.value) })),
      });
      events += messages.length;
    }
  } finally {
    await producer.disconnect();
  }
  return events;
}
