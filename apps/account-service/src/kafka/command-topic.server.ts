import { AuthenticationFailed, BearerTokenVerifier } from '@app/auth';
import { ErrorCodes } from '@app/domain';
import { mapInParallel } from '@app/concurrency';
import { BackgroundOffsetCommits, consumerConfig, JsonProducer, Topics } from '@app/messaging';
import { withCorrelation } from '@app/platform';
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { isObservable, lastValueFrom } from 'rxjs';
import { CommandResult } from '../command-processing/command-result';
import { CommandMetrics } from '../observability/command-metrics';
import { invalidInput, invalidRequest, problem } from '../problems/problem';
import { validatePayload } from '../validation/validate-payload';
import { CommandEnvelopeDto } from './command-envelope.dto';
import { rejectedResult } from './kafka-command-intake';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export interface CommandTopicOptions {
  groupId: string;
  maxPayloadBytes: number;
  partitionsConsumedConcurrently: number;
}

type Readable = { readable: true; message: Record<string, unknown>; authorization?: string };
type Read = Readable | { readable: false; reason: string };

type Answer = { to: 'results'; result: CommandResult } | { to: 'dead letters'; value: ReturnType<typeof deadLetter>; key: string | null };

/**
 * How many messages of a partition are answered before their results go out and the
 * offset moves: bounds the work a crash or a rebalance makes redo.
 */
const CHUNK_SIZE = 200;

/** Customers of one partition decided at the same time; each customer's commands stay in order. */
const CUSTOMERS_IN_FLIGHT = 16;

/**
 * Answered offsets are committed at most this often (and on leaving): a crash redoes the
 * commands answered since, answered again from their first results.
 */
const OFFSET_COMMIT_INTERVAL_MS = 100;

/**
 * A Nest transport for the commands topic: each message is read, dispatched by its `type`
 * to the `@MessagePattern` handler of that command, and answered on the results topic;
 * only then is its offset committed. A message that cannot be read goes to the dead-letter
 * topic with the reason, and the partition moves on. An infrastructure failure is thrown
 * back to kafkajs, which retries from the last committed offset: results are idempotent by
 * command id.
 *
 * A partition is taken a chunk at a time: its customers are decided side by side (each
 * customer's commands one after another, in offset order), then the chunk's answers go out
 * in one send and its offset is committed once. One message at a time cost a decision, a
 * send and a commit in series per command.
 */
export class CommandTopicServer extends Server implements CustomTransportStrategy {
  private consumer?: Consumer;

  /**
   * The offset after the last answered chunk of each partition, committed in the background:
   * a chunk does not wait for it (a crash before it lands redoes that chunk, whose results
   * are idempotent by command id), but a leaving consumer does.
   */
  private readonly answeredOffsets = new BackgroundOffsetCommits(() => this.consumer, (message) => this.logger.warn(message), OFFSET_COMMIT_INTERVAL_MS);

  constructor(
    private readonly kafka: Kafka,
    private readonly producer: JsonProducer,
    private readonly topics: Topics,
    private readonly options: CommandTopicOptions,
    private readonly verifier: BearerTokenVerifier,
    private readonly metrics: CommandMetrics,
  ) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      this.consumer = this.kafka.consumer(consumerConfig(this.options.groupId));
      await this.consumer.connect();
      await this.consumer.subscribe({ topic: this.topics.commands, fromBeginning: true });
      await this.consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
        eachBatch: (payload) => this.handleBatch(payload),
      });
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    // Commits of chunks already answered first; one in hand waits for its own before kafkajs leaves.
    await this.answeredOffsets.flush();
    await this.consumer?.disconnect();
  }

  on(): void {
    throw new Error('CommandTopicServer has no events to listen to');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    for (let start = 0; start < batch.messages.length; start += CHUNK_SIZE) {
      // A leaving instance finishes the chunk in hand; one that lost the partition stops.
      if (!isRunning() || isStale()) break;
      const chunk = batch.messages.slice(start, start + CHUNK_SIZE);
      const answers = await this.answerAll(batch.topic, batch.partition, chunk);
      await this.publish(answers);
      const last = chunk[chunk.length - 1].offset;
      this.answeredOffsets.doneUpTo(batch.topic, batch.partition, last);
      resolveOffset(last);
      await heartbeat();
    }
    // kafkajs leaves the group once this returns.
    if (!isRunning()) await this.answeredOffsets.flush();
  }

  /** One answer a message, in offset order; customers side by side, each customer's commands in turn. */
  private async answerAll(topic: string, partition: number, messages: KafkaMessage[]): Promise<Answer[]> {
    const answers: Answer[] = new Array(messages.length);
    const customers = new Map<string, { index: number; read: Readable }[]>();
    messages.forEach((message, index) => {
      const read = this.read(message);
      if (!read.readable) {
        answers[index] = { to: 'dead letters', key: message.key?.toString() ?? null, value: deadLetter(read.reason, topic, partition, message) };
        return;
      }
      const { customerId } = read.message;
      const customer = typeof customerId === 'string' ? customerId : `(none, offset ${message.offset})`;
      const commands = customers.get(customer) ?? [];
      commands.push({ index, read });
      customers.set(customer, commands);
    });
    await mapInParallel([...customers.values()], CUSTOMERS_IN_FLIGHT, async (commands) => {
      for (const { index, read } of commands) answers[index] = { to: 'results', result: await this.answer(read) };
    });
    return answers;
  }

  private async answer(read: Readable): Promise<CommandResult> {
    const { correlationId, commandId } = read.message;
    const conversation = typeof correlationId === 'string' && correlationId.length <= 128 ? correlationId : String(commandId);
    return withCorrelation(conversation, () => this.resultOf(read.message, read.authorization));
  }

  private async publish(answers: Answer[]): Promise<void> {
    const deadLetters = answers.filter((answer) => answer.to === 'dead letters');
    const results = answers.flatMap((answer) => (answer.to === 'results' ? [answer.result] : []));
    if (deadLetters.length > 0) {
      await this.producer.send(this.topics.commandsDeadLetter, deadLetters.map(({ key, value }) => ({ key, value })));
      this.metrics.deadLettered(deadLetters.length);
    }
    if (results.length > 0) {
      await this.producer.send(this.topics.commandResults, results.map((result) => ({ key: result.customerId, value: result, headers: { 'command-id': result.commandId } })));
      for (const result of results) this.metrics.answered('kafka', result.commandType, result.outcome, result.outcome === 'rejected' ? result.code : 0);
    }
  }

  /** A JSON object with a command id can be answered; anything less is a dead letter. */
  private read(message: KafkaMessage): Read {
    const { value } = message;
    if (!value || value.length === 0) return { readable: false, reason: 'The message has no value' };
    if (value.length > this.options.maxPayloadBytes) return { readable: false, reason: `The message is ${value.length} bytes; the limit is ${this.options.maxPayloadBytes}` };
    let parsed: unknown;
    try {
      parsed = JSON.parse(UTF8.decode(value));
    } catch (error) {
      return { readable: false, reason: `The message is not UTF-8 JSON: ${(error as Error).message}` };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { readable: false, reason: 'The message is not a JSON object' };
    const { commandId } = parsed as { commandId?: unknown };
    if (typeof commandId !== 'string' || commandId.length === 0 || commandId.length > 128) {
      return { readable: false, reason: 'The message has no commandId (a string of 1 to 128 characters) to answer to' };
    }
    const authorization = message.headers?.authorization;
    return { readable: true, message: parsed as Record<string, unknown>, authorization: Array.isArray(authorization) ? undefined : authorization?.toString() };
  }

  /** Who acts is checked first, as over HTTP: an unauthenticated sender learns nothing about its payload. */
  private async resultOf(message: Record<string, unknown>, authorization: string | undefined): Promise<CommandResult> {
    const identity = {
      commandId: String(message.commandId),
      customerId: typeof message.customerId === 'string' ? message.customerId : '',
      type: typeof message.type === 'string' ? message.type : '',
    };
    let actor;
    try {
      actor = await this.verifier.actorFrom(authorization);
    } catch (error) {
      if (!(error instanceof AuthenticationFailed)) throw error;
      return rejectedResult(identity, problem('unauthenticated', ErrorCodes.Unauthenticated, `${error.message} (in the message's authorization header)`));
    }
    const envelope = validatePayload(CommandEnvelopeDto, message);
    if (!envelope.ok) return rejectedResult(identity, invalidInput(envelope.errors));
    const handler = this.getHandlerByPattern(envelope.value.type);
    if (!handler) return rejectedResult(identity, invalidRequest(`No handler for command type ${envelope.value.type}`));
    const returned = await handler({ ...envelope.value, actor });
    return (isObservable(returned) ? await lastValueFrom(returned) : returned) as CommandResult;
  }
}

function deadLetter(reason: string, topic: string, partition: number, message: KafkaMessage) {
  const value = message.value ?? Buffer.alloc(0);
  let text: string | undefined;
  try {
    text = UTF8.decode(value);
  } catch {
    text = undefined;
  }
  return {
    reason,
    code: ErrorCodes.InvalidRequestInput,
    source: { topic, partition, offset: message.offset, timestamp: message.timestamp },
    key: message.key?.toString() ?? null,
    ...(text !== undefined ? { value: text } : { valueBase64: value.toString('base64') }),
    deadLetteredAt: new Date().toISOString(),
  };
}
