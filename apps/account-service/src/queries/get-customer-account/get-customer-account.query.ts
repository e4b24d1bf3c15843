import { Actor, authorizeRead, DomainError, ErrorCodes } from '@app/domain';
import { CustomerAccountDocument, ReadModelRepository } from '@app/read-model';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';

/** The account as the read model has it now, for an actor allowed to read it. */
export class GetCustomerAccount extends Query<CustomerAccountDocument> {
  constructor(
    readonly customerId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

@QueryHandler(GetCustomerAccount)
export class GetCustomerAccountHandler implements IQueryHandler<GetCustomerAccount, CustomerAccountDocument> {
  constructor(private readonly readModel: ReadModelRepository) {}

  async execute({ customerId, actor }: GetCustomerAccount): Promise<CustomerAccountDocument> {
    const account = await this.readModel.get(customerId);
    if (!account) throw new DomainError('not-found', ErrorCodes.CustomerNotFound, `Customer ${customerId} was not found`);
    authorizeRead(actor, account);
    return account;
  }
}
