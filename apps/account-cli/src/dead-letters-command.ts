import { ServiceConfig } from '@app/config';
import { ErrorCodes, fold } from '@app/domain';
import { EventStore } from '@app/event-store';
import { consumeWholeTopic, createKafka, TopicMessage, topicsFor } from '@app/messaging';
import { ReadModelRepository, toDocument } from '@app/read-model';
import { Kafka, Partitioners, Producer } from 'kafkajs';
import { DeadLetterRedrives } from './dead-letter-redrives';

export interface DeadLetter {
  /** `<topic>:<partition>:<offset>`: where it lies, which names it. */
  id: string;
  kind: 'command' | 'event';
  partition: number;
  offset: string;
  value: Record<string, unknown>;
}

type Output = { out: (line: string) => void; err: (line: string) => void };

/**
 * `dead-letters list|show|redrive`: the dead letters of the commands and the events, and a
 * way to send them on once their cause is fixed, each once, in the order they were set aside.
 */
export async function deadLettersCommand(store: EventStore, config: ServiceConfig, args: string[], output: Output): Promise<number> {
  const [action, ...ids] = args;
  const redrives = new DeadLetterRedrives(store.db);
  const letters = await readDeadLetters(config);
  const done = await redrives.all();
  if (action === 'list') {
    for (const letter of letters) output.out(JSON.stringify(summaryOf(letter, done.get(letter.id)?.outcome)));
    output.err(`${letters.length} dead letters, ${letters.filter((letter) => done.has(letter.id)).length} redriven`);
    return 0;
  }
  if (action === 'show') {
    const found = letters.filter((letter) => ids.includes(letter.id));
    for (const letter of found) output.out(JSON.stringify({ ...letter, redrive: done.get(letter.id) ?? null }, null, 2));
    if (found.length < ids.length) output.err(`Not found: ${ids.filter((id) => !found.some((letter) => letter.id === id)).join(', ')}`);
    return found.length === ids.length && ids.length > 0 ? 0 : 1;
  }
  if (action === 'redrive') {
    const chosen = letters.filter((letter) => (ids.length === 0 ? true : ids.includes(letter.id)));
    const redrive = new Redriver(store, config);
    try {
      for (const letter of chosen) {
        if (!(await redrives.claim(letter.id))) {
          output.out(JSON.stringify({ id: letter.id, outcome: `already redriven: ${done.get(letter.id)?.outcome ?? 'in progress'}` }));
          continue;
        }
        const outcome = await redrive.one(letter).catch((error: Error) => `failed: ${error.message}`);
        await redrives.record(letter.id, outcome);
        output.out(JSON.stringify({ id: letter.id, outcome }));
      }
    } finally {
      await redrive.close();
    }
    return 0;
  }
  output.err('dead-letters takes list, show <id>... or redrive [<id>...]');
  return 2;
}

async function readDeadLetters(config: ServiceConfig): Promise<DeadLetter[]> {
  const kafka = createKafka(config.kafkaBrokers, config.kafkaClientId, config.kafkaSecurity);
  const topics = topicsFor(config.topicPrefix);
  const letters: DeadLetter[] = [];
  for (const [kind, topic] of [
    ['command', topics.commandsDeadLetter],
    ['event', topics.eventsDeadLetter],
  ] as const)
    await consumeWholeTopic(kafka, topic, async (messages) => {
      for (const message of messages)
        letters.push({ id: `${topic}:${message.partition}:${message.offset}`, kind, ...placeOf(message), value: asObject(message.value) });
    });
  // In the order they were set aside, partition by partition: a customer's letters are on one partition.
  return letters.sort((a, b) =>
    a.id.split(':')[0] === b.id.split(':')[0] ? a.partition - b.partition || Number(a.offset) - Number(b.offset) : 0,
  );
}

/** Sends dead letters on: a command again to its topic as it was sent; an event by projecting its customer anew from the store. */
class Redriver {
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private originals?: Map<string, TopicMessage>;

  constructor(
    private readonly store: EventStore,
    private readonly config: ServiceConfig,
  ) {
    this.kafka = createKafka(config.kafkaBrokers, config.kafkaClientId, config.kafkaSecurity);
    this.producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
  }

  async one(letter: DeadLetter): Promise<string> {
    return letter.kind === 'event' ? this.event(letter) : this.command(letter);
  }

  async close(): Promise<void> {
    await this.producer.disconnect().catch(() => undefined);
  }

  private async command(letter: DeadLetter): Promise<string> {
    const code = letter.value.code;
    // Only a failure of ours can come out differently the second time; the message is at fault otherwise.
    if (code !== ErrorCodes.CommandFailed)
      return `not redriven: the message itself is at fault (code ${String(code)}); its sender must fix it and send it again`;
    const source = letter.value.source as { topic?: string; partition?: number; offset?: string } | undefined;
    const original = (await this.originalsOnTheCommandsTopic()).get(`${source?.partition}:${source?.offset}`);
    if (!original || original.raw === null)
      return 'not redriven: the original message is no longer on the commands topic; its sender must send it again';
    await this.producer.connect();
    const [sent] = await this.producer.send({
      topic: topicsFor(this.config.topicPrefix).commands,
      acks: -1,
      messages: [{ key: original.key, value: original.raw, headers: original.headers }],
    });
    return `republished command ${String(letter.value.commandId)} to partition ${sent.partition} at offset ${sent.baseOffset}: its result follows on the results topic`;
  }

  private async event(letter: DeadLetter): Promise<string> {
    const event = letter.value.event as { customerId?: unknown } | undefined;
    const customerId = typeof event?.customerId === 'string' ? event.customerId : undefined;
    if (!customerId) return 'not redriven: no event in it, nothing to project';
    const events = await this.store.readStream(customerId);
    const state = fold(events);
    if (state.status !== 'registered') return `not redriven: customer ${customerId} has no registration in the store`;
    const readModel = new ReadModelRepository(this.store.db);
    const current = await readModel.get(customerId);
    if (current && current.version >= state.version) return `already current: customer ${customerId} at version ${current.version}`;
    const last = events[events.length - 1];
    const conflicts = await readModel.writeAll([
      { expectedVersion: current?.version ?? 0, document: toDocument(state, last.eventId, last.occurredAt) },
    ]);
    if (conflicts.length > 0) return `not redriven: customer ${customerId} moved meanwhile; redrive again`;
    return `projected customer ${customerId} from the store to version ${state.version}`;
  }

  private async originalsOnTheCommandsTopic(): Promise<Map<string, TopicMessage>> {
    if (!this.originals) {
      const originals = new Map<string, TopicMessage>();
      await consumeWholeTopic(this.kafka, topicsFor(this.config.topicPrefix).commands, async (messages) => {
        for (const message of messages) originals.set(`${message.partition}:${message.offset}`, message);
      });
      this.originals = originals;
    }
    return this.originals;
  }
}

function summaryOf(letter: DeadLetter, redriven: string | undefined) {
  const { reason, code, commandId, type, customerId, deadLetteredAt } = letter.value;
  const event = letter.value.event as { customerId?: unknown; version?: unknown } | undefined;
  return {
    id: letter.id,
    kind: letter.kind,
    deadLetteredAt,
    code,
    reason,
    ...(letter.kind === 'command' ? { commandId, type, customerId } : { customerId: event?.customerId, version: event?.version }),
    redriven: redriven ?? null,
  };
}

function placeOf(message: TopicMessage): { partition: number; offset: string } {
  return { partition: message.partition, offset: message.offset };
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : { unreadable: String(value) };
}
