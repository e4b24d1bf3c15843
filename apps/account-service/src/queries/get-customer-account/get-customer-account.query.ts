import { ServiceConfig } from '@app/config';
import { Actor, authorizeRead, DomainError, ErrorCodes, fold } from '@app/domain';
import { EventStore } from '@app/event-store';
import { CONFIG } from '@app/platform';
import { CustomerAccountDocument, ReadModelRepository, toDocument } from '@app/read-model';
import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';

/** How often a read waiting for its caller's write looks at the read model again. */
const POLL_MS = 25;

export interface AccountAnswer {
  account: CustomerAccountDocument;
  /** `event-store` when the read model had not caught up within the wait: folded from the events instead. */
  servedFrom: 'read-model' | 'event-store';
}

/**
 * The account as the read model has it now, for an actor allowed to read it; with a minimum
 * version (the one a write answered), as of that version at least.
 */
export class GetCustomerAccount extends Query<AccountAnswer> {
  constructor(
    readonly customerId: string,
    readonly actor: Actor,
    readonly minVersion?: number,
  ) {
    super();
  }
}

@QueryHandler(GetCustomerAccount)
export class GetCustomerAccountHandler implements IQueryHandler<GetCustomerAccount, AccountAnswer> {
  constructor(
    private readonly readModel: ReadModelRepository,
    private readonly eventStore: EventStore,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {}

  async execute({ customerId, actor, minVersion }: GetCustomerAccount): Promise<AccountAnswer> {
    const deadline = Date.now() + this.config.readYourWritesWaitMs;
    for (;;) {
      const account = await this.readModel.get(customerId);
      if (account) authorizeRead(actor, account);
      if (account && (minVersion === undefined || account.version >= minVersion)) return { account, servedFrom: 'read-model' };
      if (minVersion === undefined) throw notFound(customerId);
      if (Date.now() >= deadline) return this.fromTheEvents(customerId, actor, minVersion);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /**
   * Past the wait the answer comes from the event store, where every acknowledged write
   * already is: a caller asking for its own write gets it, late, rather than a 503 to retry.
   */
  private async fromTheEvents(customerId: string, actor: Actor, minVersion: number): Promise<AccountAnswer> {
    const events = await this.eventStore.readStream(customerId);
    const state = fold(events);
    if (state.status !== 'registered') throw notFound(customerId);
    authorizeRead(actor, state);
    if (state.version < minVersion)
      throw new DomainError(
        'stale-version',
        ErrorCodes.EtagNoLongerValid,
        `The account is at version ${state.version}, below X-Min-Version ${minVersion}: no write made that version`,
      );
    const last = events[events.length - 1];
    return { account: toDocument(state, last.eventId, last.occurredAt), servedFrom: 'event-store' };
  }
}

function notFound(customerId: string): DomainError {
  return new DomainError('not-found', ErrorCodes.CustomerNotFound, `Customer ${customerId} was not found`);
}
