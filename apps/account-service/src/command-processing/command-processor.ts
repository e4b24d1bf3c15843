import { contextOf, inSpan, inSpanNow } from '@app/tracing';
import { context } from '@opentelemetry/api';
import { authorizeReplay, CustomerAccountCommand, DomainError, ErrorCodes, decide, fold, recordEvents } from '@app/domain';
import { PersonalDataVault } from '@app/personal-data';
import { OneAtATimePerKey } from '@app/concurrency';
import {
  canonicalJson,
  chainEvents,
  CommandAlreadyCommitted,
  CommandLog,
  CommandLogEntry,
  EventCommit,
  EventStore,
  GENESIS_HASH,
  SecurityLog,
  StreamVersionConflict,
} from '@app/event-store';
import { createHash, randomUUID } from 'node:crypto';
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

/** The first result of a command id, whose partner it belongs to, and what request it answered. */
interface FirstRecord {
  result: CommandResult;
  /** The customer's partner for a commit; the sender's for a logged result. */
  ownerPartnerId: string;
  requestHash?: string;
}

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
    /** Where refusals for who sent a command go, instead of the target customer's record. */
    private readonly securityLog: Pick<SecurityLog, 'record'>,
    private readonly vault: PersonalDataVault,
    /** Told of every new commit, so that it reaches Kafka without waiting for a poll. */
    private readonly onCommitted: (commit: EventCommit) => void,
    private readonly appends: AppendObserver = UNOBSERVED,
    private readonly cache = new StreamStateCache(CACHED_STREAMS),
    private readonly now: () => Date = () => new Date(),
  ) {}

  async process(command: CustomerAccountCommand): Promise<ProcessedCommand> {
    let key: StorageKey = { id: command.metadata.commandId, scoped: false };
    let earlier = command.metadata.commandIdIssuedByService ? null : await this.firstResult(key.id);
    // Ids are each partner's own: one another partner used first is kept apart, under the partner.
    if (earlier && earlier.ownerPartnerId !== command.metadata.actor.partnerId) {
      key = scopedKey(command);
      earlier = await this.firstResult(key.id);
    }
    const attributes = { 'command.type': command.type, 'command.id': command.metadata.commandId };
    return inSpan(`command ${command.type}`, contextOf(command.metadata.trace), attributes, () =>
      earlier ? this.replay(earlier!, command) : this.inTurn.run(command.data.customerId, () => this.decideAndAppend(command, key)),
    );
  }

  /** A forgotten customer's folded state (with the personal data it held) is read from the store again next time. */
  forgetCached(customerId: string): void {
    this.cache.forget(customerId);
  }

  /**
   * Accepted commands that changed something are found by their commit, the rest in the log,
   * and a commit wins (a duplicate delivered meanwhile may have logged a rejection after it).
   * Only the log is read up front: a command committed before cannot commit again (its id is
   * the commit's key, so its append fails and answers with that commit), and a rejection or
   * no-op looks for a commit before it is logged. That saves a read for every new command.
   */
  private async firstResult(commandId: string): Promise<FirstRecord | null> {
    const logged = await this.commandLog.find(commandId);
    if (!logged) return null;
    const commit = await this.eventStore.findCommit(commandId);
    return commit ? fromCommit(commit) : fromLog(logged);
  }

  /**
   * Load, decide, append, in one retry loop: an attempt settles the command, or says why it
   * must be made again (its decision was made on a cached state that was behind, its append
   * lost the version to another instance, or its id belongs to another partner's command).
   * The last attempt settles it whatever happens.
   */
  private async decideAndAppend(command: CustomerAccountCommand, initialKey: StorageKey): Promise<ProcessedCommand> {
    let key = initialKey;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(command, key, attempt >= MAX_ATTEMPTS);
      if ('processed' in outcome) return outcome.processed;
      if (outcome.again === 'under-the-partner') key = scopedKey(command);
      // Writers racing for one stream fall out of step.
      if (outcome.again === 'lost-the-version') await new Promise((resolve) => setTimeout(resolve, Math.random() * MAX_RETRY_PAUSE_MS));
    }
  }

  private async attempt(command: CustomerAccountCommand, key: StorageKey, last: boolean): Promise<Attempt> {
    const { customerId } = command.data;
    const cached = this.cache.get(customerId);
    const { state, lastHash } = cached ?? (await this.load(customerId));
    // A decision without events is not checked by any append: it must have been made on the latest state.
    const stale = async () => !last && cached !== undefined && (await this.isStale(cached, customerId));
    let decided;
    try {
      decided = inSpanNow('decide', { 'stream.version': state.version }, () => decide(command, state));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (await stale()) return { again: 'stale-decision' };
      if (error.kind === 'forbidden') return { processed: await this.refuse(command, error) };
      return { processed: await this.recordFirst(command, key, rejected(command, error)) };
    }
    if (decided.length === 0) {
      if (await stale()) return { again: 'stale-decision' };
      return { processed: await this.recordFirst(command, key, accepted(command, state.version, [])) };
    }

    const partnerId = state.status === 'registered' ? state.partnerId : command.metadata.actor.partnerId;
    const recorded = recordEvents(decided, command, partnerId, state, randomUUID);
    const events = chainEvents(await this.vault.seal(recorded), lastHash);
    const commit: EventCommit = {
      _id: key.id,
      ...(key.scoped && { commandId: command.metadata.commandId }),
      requestHash: requestHashOf(command),
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
      await inSpan('append', context.active(), { 'stream.first_version': commit.firstVersion }, () => this.eventStore.append(commit));
      this.appends.appended((performance.now() - appendStarted) / 1000);
    } catch (error) {
      if (error instanceof CommandAlreadyCommitted) {
        const first = fromCommit((await this.eventStore.findCommit(commit._id))!);
        if (!key.scoped && first.ownerPartnerId !== command.metadata.actor.partnerId) return { again: 'under-the-partner' };
        return { processed: await this.replay(first, command) };
      }
      if (!(error instanceof StreamVersionConflict)) throw error;
      this.appends.conflicted();
      this.cache.forget(customerId);
      // A command for a version the caller named fails, unless the conflict may have come from our cache being behind.
      if (!last && (cached || command.metadata.expectedVersion === undefined)) return { again: 'lost-the-version' };
      const lost = new DomainError(
        'stale-version',
        ErrorCodes.EtagNoLongerValid,
        'The account changed while this command was decided: read it again and retry',
      );
      return { processed: await this.recordFirst(command, key, rejected(command, lost)) };
    }
    this.cache.set(customerId, { state: fold(recorded, state), lastHash: events[events.length - 1].hash });
    this.onCommitted(commit);
    return { processed: { result: acceptedFromCommit(commit), replayed: false } };
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

  private async recordFirst(command: CustomerAccountCommand, key: StorageKey, result: CommandResult): Promise<ProcessedCommand> {
    const { commandId, actor, correlationId, reason } = command.metadata;
    const committed = await this.eventStore.findCommit(key.id);
    if (committed) return this.firstOrScoped(fromCommit(committed), command, key, result);
    const entry: CommandLogEntry<CommandResult> = {
      _id: key.id,
      ...(key.scoped && { commandId }),
      customerId: command.data.customerId,
      commandType: command.type,
      result,
      recordedAt: this.now(),
      actor: { userPrincipalName: actor.userPrincipalName, applicationId: actor.applicationId, partnerId: actor.partnerId },
      correlationId,
      ...(reason !== undefined && { reason }),
      requestHash: requestHashOf(command),
    };
    const first = await this.commandLog.recordFirst(entry);
    return first === entry ? { result, replayed: false } : this.firstOrScoped(fromLog(first), command, key, result);
  }

  /** The id's first result, if it is the sender's partner's; else this result, kept under the partner. */
  private async firstOrScoped(
    first: FirstRecord,
    command: CustomerAccountCommand,
    key: StorageKey,
    result: CommandResult,
  ): Promise<ProcessedCommand> {
    if (!key.scoped && first.ownerPartnerId !== command.metadata.actor.partnerId)
      return this.recordFirst(command, scopedKey(command), result);
    return this.replay(first, command);
  }

  /**
   * The first result of the command's id, given again, to a sender who may have it. An id is
   * an idempotency key for one request: the same id with another command, another customer or
   * another body would get an answer that is not about it, so it is refused with 409 instead.
   * One who could not have sent the command learns nothing from its id: a role without the
   * right is refused as the command would be, and recorded in the security log. (Another
   * partner's id never reaches here: it is kept apart under the partner, see `process`; were a
   * record to come here with another owner, it is refused as taken, without saying by whom.)
   * No refusal is the id's result, which stays the first.
   */
  private async replay(first: FirstRecord, command: CustomerAccountCommand): Promise<ProcessedCommand> {
    const { result } = first;
    const { commandId, actor } = command.metadata;
    if (first.ownerPartnerId !== actor.partnerId) {
      return this.refuse(
        command,
        new DomainError(
          'conflict',
          ErrorCodes.InvalidRequestInput,
          `The command id ${commandId} is taken: send each command with an id of its own`,
        ),
      );
    }
    try {
      authorizeReplay(command.type, actor, { partnerId: first.ownerPartnerId });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return this.refuse(command, error);
    }
    const sameCommand = result.commandType === command.type && result.customerId === command.data.customerId;
    const sameRequest = sameCommand && (first.requestHash === undefined || first.requestHash === requestHashOf(command));
    if (sameRequest) return { result, replayed: true };
    const reused = new DomainError(
      'conflict',
      ErrorCodes.InvalidRequestInput,
      sameCommand
        ? `The command id ${commandId} was already used for another ${result.commandType} of this customer: send each new request with an id of its own`
        : `The command id ${commandId} was already used for ${result.commandType} of customer ${result.customerId}: send each new command with an id of its own`,
    );
    return { result: rejected(command, reused), replayed: false };
  }

  /** A refusal for who sent the command: answered, and recorded against the sender's partner, not in the customer's record. */
  private async refuse(command: CustomerAccountCommand, error: DomainError): Promise<ProcessedCommand> {
    const result = rejected(command, error);
    const { commandId, actor, correlationId } = command.metadata;
    await this.securityLog.record({
      partnerId: actor.partnerId,
      actor: { userPrincipalName: actor.userPrincipalName, applicationId: actor.applicationId, partnerId: actor.partnerId },
      commandId,
      commandType: command.type,
      customerId: command.data.customerId,
      status: result.status,
      code: result.code,
      detail: result.detail,
      correlationId,
      recordedAt: this.now(),
    });
    return { result, replayed: false };
  }
}

/** What one attempt at a command came to: settled, or to be made again, and why. */
type Attempt = { processed: ProcessedCommand } | { again: 'stale-decision' | 'lost-the-version' | 'under-the-partner' };

/** Where a command's first result is kept: under its id, or under its partner and id when another partner's command took the id first. */
interface StorageKey {
  id: string;
  scoped: boolean;
}

function scopedKey(command: CustomerAccountCommand): StorageKey {
  return { id: `${command.metadata.actor.partnerId}:${command.metadata.commandId}`, scoped: true };
}

/** What makes two commands the same request: their type and data (the customer among them), not who sent them or when. */
function requestHashOf(command: CustomerAccountCommand): string {
  return createHash('sha256')
    .update(canonicalJson({ type: command.type, data: command.data }))
    .digest('hex');
}

function fromCommit(commit: EventCommit): FirstRecord {
  return { result: acceptedFromCommit(commit), ownerPartnerId: commit.partnerId, requestHash: commit.requestHash };
}

function fromLog(entry: CommandLogEntry<CommandResult>): FirstRecord {
  return { result: entry.result, ownerPartnerId: entry.actor.partnerId, requestHash: entry.requestHash };
}

function accepted(command: CustomerAccountCommand, version: number, events: AcceptedResult['events']): AcceptedResult {
  const { commandId } = command.metadata;
  return { commandId, customerId: command.data.customerId, commandType: command.type, outcome: 'accepted', status: 200, version, events };
}

function acceptedFromCommit(commit: EventCommit): AcceptedResult {
  return {
    commandId: commit.commandId ?? commit._id,
    customerId: commit.customerId,
    commandType: commit.commandType,
    outcome: 'accepted',
    status: commit.commandType === 'RegisterCustomer' ? 201 : 200,
    version: commit.lastVersion,
    events: commit.events.map(({ eventId, type, version }) => ({ eventId, type, version })),
  };
}

function rejected(command: CustomerAccountCommand, error: DomainError): RejectedResult {
  return {
    commandId: command.metadata.commandId,
    customerId: command.data.customerId,
    commandType: command.type,
    outcome: 'rejected',
    ...problemFromDomainError(error),
  };
}
