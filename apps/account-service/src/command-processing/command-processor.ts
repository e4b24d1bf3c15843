import {
  CustomerAccountCommand,
  DomainError,
  ErrorCodes,
  decide,
  fold,
  recordEvents,
} from '@app/domain';
import { PersonalDataVault } from '@app/personal-data';
import { OneAtATimePerKey } from '@app/concurrency';
import { chainEvents, CommandAlreadyCommitted, CommandLog, EventCommit, EventStore, GENESIS_HASH, StreamVersionConflict } from '@app/event-store';
import { randomUUID } from 'node:crypto';
import { problemFromDomainError } from '../problems/problem';
import { AcceptedResult, CommandResult, ProcessedCommand, RejectedResult } from './command-result';
import { StreamHead, StreamStateCache } from './stream-state-cache';

/**
 * Without an expected version a command is simply decided again on the newer state; a
 * short random pause lets writers racing for one stream fall out of step.
 */
const MAX_ATTEMPTS = 20;
const MAX_RETRY_PAUSE_MS = 20;

/** Streams whose folded state is kept between commands (a few KiB each). */
const CACHED_STREAMS = 10_000;

/** Told of each append: how long it took, or that another writer had taken its version first. */
export interface AppendObserver {
  appended(seconds: number): void;
  conflicted(): void;
}

const UNOBSERVED: AppendObserver = { appended: () => undefined, conflicted: () => undefined };

/**
 * Intake of every command, from any transport: replay a known command id, else load the
 * stream, decide, append with optimistic concurrency, then wake the outbox publisher.
 * Business rules live in `decide` only.
 */
export class CommandProcessor {
  /** Each customer's commands decided and appended in turn in this instance; only other instances race for a version. */
  private readonly inTurn = new OneAtATimePerKey();

  constructor(
    private readonly eventStore: EventStore,
    private readonly commandLog: CommandLog<CommandResult>,
    private readonly vault: PersonalDataVault,
    /** Told of every new commit, so that it reaches Kafka without waiting for a poll. */
    private readonly onCommitted: (commit: EventCommit) => void,
    private readonly appends: AppendObserver = UNOBSERVED,
    private readonly cache = new StreamStateCache(CACHED_STREAMS),
    private readonly now: () => Date = () => new Date(),
  ) {}

  async process(command: CustomerAccountCommand): Promise<ProcessedCommand> {
    const earlier = command.metadata.commandIdIssuedByService ? null : await this.firstResult(command.metadata.commandId);
    const processed = earlier ? replay(earlier, command) : await this.inTurn.run(command.data.customerId, () => this.decideAndAppend(command, 1));
    if (command.type === 'ForgetCustomerPersonalData' && processed.result.outcome === 'accepted') await this.destroyKey(command.data.customerId);
    return processed;
  }

  /**
   * After the event is durable, so that a forget is never half-done in the unsafe direction
   * (key gone, no record of why). A crash just before this leaves the key: the caller got
   * no answer and retries, and a retry (replayed or a no-op) destroys it. The outbox
   * publisher destroys it too when it publishes the event.
   */
  private async destroyKey(customerId: string): Promise<void> {
    await this.vault.forget(customerId);
    this.cache.forget(customerId);
  }

  /**
   * Accepted commands that changed something are found by their commit, the rest in the log,
   * and a commit wins (a duplicate delivered meanwhile may have logged a rejection after it).
   * Only the log is read up front: a command committed before cannot commit again (its id is
   * the commit's key, so its append fails and answers with that commit), and a rejection or
   * no-op looks for a commit before it is logged. That saves a read for every new command.
   */
  private async firstResult(commandId: string): Promise<CommandResult | null> {
    const logged = await this.commandLog.find(commandId);
    if (!logged) return null;
    const commit = await this.eventStore.findCommit(commandId);
    return commit ? acceptedFromCommit(commit) : logged;
  }

  private async decideAndAppend(command: CustomerAccountCommand, attempt: number): Promise<ProcessedCommand> {
    const { customerId } = command.data;
    const cached = this.cache.get(customerId);
    const { state, lastHash } = cached ?? (await this.load(customerId));
    let decided;
    try {
      decided = decide(command, state);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (cached && attempt < MAX_ATTEMPTS && (await this.isStale(cached, customerId))) return this.decideAndAppend(command, attempt + 1);
      return this.recordFirst(command, rejected(command, error));
    }
    if (decided.length === 0) {
      if (cached && attempt < MAX_ATTEMPTS && (await this.isStale(cached, customerId))) return this.decideAndAppend(command, attempt + 1);
      return this.recordFirst(command, accepted(command, state.version, []));
    }

    const partnerId = state.status === 'registered' ? state.partnerId : command.metadata.actor.partnerId;
    const recorded = recordEvents(decided, command, partnerId, state.version, randomUUID);
    const events = chainEvents(await this.vault.seal(recorded), lastHash);
    const commit: EventCommit = {
      _id: command.metadata.commandId,
      commandType: command.type,
      customerId,
      partnerId,
      firstVersion: events[0].version,
      lastVersion: events[events.length - 1].version,
      events,
      committedAt: this.now(),
    };
    const appendStarted = performance.now();
    try {
      await this.eventStore.append(commit);
      this.appends.appended((performance.now() - appendStarted) / 1000);
    } catch (error) {
      if (error instanceof CommandAlreadyCommitted) {
        const first = await this.eventStore.findCommit(commit._id);
        return replay(acceptedFromCommit(first!), command);
      }
      if (!(error instanceof StreamVersionConflict)) throw error;
      this.appends.conflicted();
      this.cache.forget(customerId);
      if ((cached || command.metadata.expectedVersion === undefined) && attempt < MAX_ATTEMPTS) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * MAX_RETRY_PAUSE_MS));
        return this.decideAndAppend(command, attempt + 1);
      }
      const stale = new DomainError('stale-version', ErrorCodes.EtagNoLongerValid, 'The account changed while this command was decided: read it again and retry');
      return this.recordFirst(command, rejected(command, stale));
    }
    this.cache.set(customerId, { state: fold(recorded, state), lastHash: events[events.length - 1].hash });
    this.onCommitted(commit);
    return { result: acceptedFromCommit(commit), replayed: false };
  }

  /** The stream folded from the event store, remembered for the next command. */
  private async load(customerId: string): Promise<StreamHead> {
    const stored = await this.eventStore.readStoredStream(customerId);
    const head = { state: fold(await this.eventStore.openToFoldThroughTheLast(stored)), lastHash: stored.at(-1)?.hash ?? GENESIS_HASH };
    this.cache.set(customerId, head);
    return head;
  }

  /** A decision without events is not checked by any append: make sure it was made on the latest state. */
  private async isStale(cached: StreamHead, customerId: string): Promise<boolean> {
    return (await this.load(customerId)).state.version !== cached.state.version;
  }

  private async recordFirst(command: CustomerAccountCommand, result: CommandResult): Promise<ProcessedCommand> {
    const { commandId, actor, correlationId } = command.metadata;
    const committed = await this.eventStore.findCommit(commandId);
    if (committed) return replay(acceptedFromCommit(committed), command);
    const first = await this.commandLog.recordFirst({
      _id: commandId,
      customerId: command.data.customerId,
      commandType: command.type,
      result,
      recordedAt: this.now(),
      actor: { userPrincipalName: actor.userPrincipalName, applicationId: actor.applicationId, partnerId: actor.partnerId },
      correlationId,
    });
    return first === result ? { result, replayed: false } : replay(first, command);
  }
}

/**
 * The first result of the command's id, given again. An id is an idempotency key for one
 * command: the same id sent with another command (another type, or another customer) would
 * get an answer that is not about it, so it is refused instead.
 */
function replay(first: CommandResult, command: CustomerAccountCommand): ProcessedCommand {
  if (first.commandType === command.type && first.customerId === command.data.customerId) return { result: first, replayed: true };
  const reused = new DomainError(
    'conflict',
    ErrorCodes.InvalidRequestInput,
    `The command id ${command.metadata.commandId} was already used for ${first.commandType} of customer ${first.customerId}: send each new command with an id of its own`,
  );
  return { result: rejected(command, reused), replayed: false };
}

function accepted(command: CustomerAccountCommand, version: number, events: AcceptedResult['events']): AcceptedResult {
  const { commandId } = command.metadata;
  return { commandId, customerId: command.data.customerId, commandType: command.type, outcome: 'accepted', status: 200, version, events };
}

function acceptedFromCommit(commit: EventCommit): AcceptedResult {
  return {
    commandId: commit._id,
    customerId: commit.customerId,
    commandType: commit.commandType,
    outcome: 'accepted',
    status: commit.commandType === 'RegisterCustomer' ? 201 : 200,
    version: commit.lastVersion,
    events: commit.events.map(({ eventId, type, version }) => ({ eventId, type, version })),
  };
}

function rejected(command: CustomerAccountCommand, error: DomainError): RejectedResult {
  return { commandId: command.metadata.commandId, customerId: command.data.customerId, commandType: command.type, outcome: 'rejected', ...problemFromDomainError(error) };
}
