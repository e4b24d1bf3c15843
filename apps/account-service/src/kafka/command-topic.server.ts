import { AuthenticationFailed, BearerTokenVerifier } from '@app/auth';
import { Actor, ErrorCodes, TraceContext } from '@app/domain';
import { mapInParallel } from '@app/concurrency';
import { BackgroundOffsetCommits, consumerConfig, JsonProducer, SupervisedConsumer, Topics } from '@app/messaging';
import { isInfrastructureFailure, withCorrelation } from '@app/platform';
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { isObservable, lastValueFrom } from 'rxjs';
import { CommandResult } from '../command-processing/command-result';
import { CommandMetrics } from '../observability/command-metrics';
import { invalidInput, invalidRequest, problem } from '../problems/problem';
import { validatePayload } from '../validation/validate-payload';
import { CommandEnvelopeDto } from './command-envelope.dto';
import { CommandDeadLetter, commandDeadLetter } from './command-dead-letter';
import { identityOf, keyProblem, readCommandMessage, ReadableCommand } from './command-message';
import { rejectedResult } from './kafka-command-intake';

export interface CommandTopicOptions {
  groupId: string;
  maxPayloadBytes: number;
  partitionsConsumedConcurrently: number;
}

type DeadLetter = { value: CommandDeadLetter; key: string | null };

/**
 * A result for the sender, a dead letter for the operators, or both (a command the service
 * failed on). Only an authenticated sender gets a result, which names its partner.
 */
type Answer = { result?: CommandResult; partnerId?: string; trace?: TraceContext; deadLetter?: DeadLetter };

/**
 * How many messages of a partition are answered before their results go out and the
 * offset moves: bounds the work a crash or a rebalance makes redo.
 */
const CHUNK_SIZE = 200;

/**
 * Customers of one partition decided at the same time; each customer's commands stay in
 * order. All of a chunk's: their reads and appends then go to the store in fewer, larger
 * batches, where 16 at a time made a chunk a dozen rounds of them.
 */
const CUSTOMERS_IN_FLIGHT = CHUNK_SIZE;

/**
 * Answered offsets are committed at most this often (and on leaving): a crash redoes the
 * commands answered since, answered again from their first results.
 */
const OFFSET_COMMIT_INTERVAL_MS = 100;

/**
 * A Nest transport for the commands topic: each message is read, dispatched by its `type`
 * to the `@MessagePattern` handler of that command, and answered on the results topic;
 * only then is its offset committed. A message that cannot be read goes to the dead-letter
 * topic with the reason, and the partition moves on; so does a message without a valid
 * token, which gets no result: results are for their senders, and whoever can write to the
 * commands topic could otherwise make the results name any command id. A command the service fails on for any
 * reason but the store or Kafka out of reach is answered alone, rejected with 500, and
 * dead-lettered with the reason. An infrastructure failure is thrown back to kafkajs, which
 * retries from the last committed offset: results are idempotent by command id.
 *
 * A partition is taken a chunk at a time: its customers are decided side by side (each
 * customer's commands one after another, in offset order), then the chunk's answers go out
 * in one send and its offset is committed once. One message at a time cost a decision, a
 * send and a commit in series per command.
 */
export class CommandTopicServer extends Server implements CustomTransportStrategy {
  private readonly supervised: SupervisedConsumer;

  /**
   * The offset after the last answered chunk of each partition, committed in the background:
   * a chunk does not wait for it (a crash before it lands redoes that chunk, whose results
   * are idempotent by command id), but a leaving consumer does.
   */
  private readonly answeredOffsets = new BackgroundOffsetCommits(
    () => this.supervised.current(),
    (message) => this.logger.warn(message),
    OFFSET_COMMIT_INTERVAL_MS,
  );

  constructor(
    private readonly kafka: Kafka,
    private readonly producer: JsonProducer,
    private readonly topics: Topics,
    private readonly options: CommandTopicOptions,
    private readonly verifier: BearerTokenVerifier,
    private readonly metrics: CommandMetrics,
    registry: Registry,
  ) {
    super();
    this.supervised = new SupervisedConsumer(
      kafka,
      consumerConfig(options.groupId),
      async (consumer) => {
        await consumer.subscribe({ topic: this.topics.commands, fromBeginning: true });
        await consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
          eachBatch: (payload) => this.handleBatch(payload),
        });
      },
      this.logger,
      registry,
      'commands',
    );
  }

  /** Down while the consumer is out of its group: readiness counts it. */
  health() {
    return this.supervised.state();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      await this.supervised.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    this.supervised.stop();
    // Commits of chunks already answered first; one in hand waits for its own before kafkajs leaves.
    await this.answeredOffsets.flush();
    await this.supervised.current()?.disconnect();
  }

  on(): void {
    throw new Error('CommandTopicServer has no events to listen to');
  }

  unwrap<T>(): T {
    return this.supervised.current() as T;
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
    const customers = new Map<string, { index: number; read: ReadableCommand }[]>();
    messages.forEach((message, index) => {
      const read = readCommandMessage(message, this.options.maxPayloadBytes);
      if (!read.readable) {
        answers[index] = {
          deadLetter: {
            key: message.key?.toString() ?? null,
            value: commandDeadLetter(read.reason, ErrorCodes.InvalidRequestInput, topic, partition, message),
          },
        };
        return;
      }
      const { customerId } = read.message;
      const customer = typeof customerId === 'string' ? customerId : `(none, offset ${message.offset})`;
      const commands = customers.get(customer) ?? [];
      commands.push({ index, read });
      customers.set(customer, commands);
    });
    await mapInParallel([...customers.values()], CUSTOMERS_IN_FLIGHT, async (commands) => {
      for (const { index, read } of commands) answers[index] = await this.answerOrSetAside(read, topic, partition);
    });
    return answers;
  }

  /** Only the store or Kafka out of reach fails the chunk; anything else fails this command alone. */
  private async answerOrSetAside(read: ReadableCommand, topic: string, partition: number): Promise<Answer> {
    // Who sends is checked first, as over HTTP: an unauthenticated sender learns nothing about its payload.
    let actor: Actor;
    try {
      actor = await this.verifier.actorFrom(read.authorization, { maxAgeSeconds: this.verifier.kafkaMaxTokenAgeSeconds });
    } catch (error) {
      if (!(error instanceof AuthenticationFailed)) throw error;
      const reason = `Not authenticated: ${error.message} (in the message's authorization header)`;
      return {
        deadLetter: {
          key: read.key ?? null,
          value: commandDeadLetter(reason, ErrorCodes.Unauthenticated, topic, partition, read.raw, read.message),
        },
      };
    }
    const partnerId = actor.partnerId;
    try {
      return { result: await this.answer(read, actor), partnerId, ...(read.trace && { trace: read.trace }) };
    } catch (error) {
      if (isInfrastructureFailure(error)) throw error;
      const errorId = randomUUID();
      this.logger.error(
        `Command ${String(read.message.commandId)} failed (error ${errorId}), answered 500 and dead-lettered: ${(error as Error)?.stack ?? error}`,
      );
      const reason = `The service failed on this command (error ${errorId}): ${(error as Error)?.message ?? String(error)}`;
      const identity = identityOf(read.message);
      return {
        result: rejectedResult(
          identity,
          problem(
            'failed',
            ErrorCodes.CommandFailed,
            `The service failed on this command (error ${errorId}); it was set aside for the operators and may be sent again with a new command id`,
          ),
        ),
        partnerId,
        deadLetter: {
          key: read.key ?? null,
          value: commandDeadLetter(reason, ErrorCodes.CommandFailed, topic, partition, read.raw, read.message),
        },
      };
    }
  }

  private async answer(read: ReadableCommand, actor: Actor): Promise<CommandResult> {
    const { correlationId, commandId } = read.message;
    const conversation = typeof correlationId === 'string' && correlationId.length <= 128 ? correlationId : String(commandId);
    return withCorrelation(conversation, () => this.resultOf(read.message, actor, read.key, read.trace));
  }

  private async publish(answers: Answer[]): Promise<void> {
    const deadLetters = answers.flatMap((answer) => (answer.deadLetter ? [answer.deadLetter] : []));
    const results = answers.flatMap(({ result, partnerId, trace }) =>
      result && partnerId ? [{ result: { ...result, partnerId }, trace }] : [],
    );
    if (deadLetters.length > 0) {
      await this.producer.send(
        this.topics.commandsDeadLetter,
        deadLetters.map(({ key, value }) => ({ key, value })),
      );
      this.metrics.deadLettered(deadLetters.length);
    }
    if (results.length > 0) {
      // The partner in a header too: a partner's consumer filters on it without parsing the value.
      await this.producer.send(
        this.topics.commandResults,
        results.map(({ result, trace }) => ({
          key: result.customerId,
          value: result,
          // The command's trace goes on with its answer.
          headers: { 'command-id': result.commandId, 'partner-id': result.partnerId, ...traceHeaders(trace) },
        })),
      );
      for (const { result } of results)
        this.metrics.answered('kafka', result.commandType, result.outcome, result.outcome === 'rejected' ? result.code : 0);
    }
  }

  private async resultOf(
    message: Record<string, unknown>,
    actor: Actor,
    key: string | undefined,
    trace: TraceContext | undefined,
  ): Promise<CommandResult> {
    const identity = identityOf(message);
    const envelope = validatePayload(CommandEnvelopeDto, message);
    if (!envelope.ok) return rejectedResult(identity, invalidInput(envelope.errors));
    const misKeyed = keyProblem(key, envelope.value.customerId);
    if (misKeyed) return rejectedResult(identity, invalidRequest(misKeyed));
    const handler = this.getHandlerByPattern(envelope.value.type);
    if (!handler) return rejectedResult(identity, invalidRequest(`No handler for command type ${envelope.value.type}`));
    const returned = await handler({ ...envelope.value, actor, ...(trace && { trace }) });
    return (isObservable(returned) ? await lastValueFrom(returned) : returned) as CommandResult;
  }
}

function traceHeaders(trace: TraceContext | undefined): Record<string, string> {
  if (!trace) return {};
  return { traceparent: trace.traceparent, ...(trace.tracestate !== undefined && { tracestate: trace.tracestate }) };
}
