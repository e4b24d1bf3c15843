import { Actor } from '@app/domain';
import { CustomerAccountDocument } from '@app/read-model';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Response } from 'express';
import { Acting, etagOf, requireGuid } from '../../http/request-context';
import { GetCustomerAccount } from './get-customer-account.query';

@Controller('customers/:customerId')
export class GetCustomerAccountHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  async account(@Param('customerId') id: string, @Acting() actor: Actor, @Res({ passthrough: true }) response: Response) {
    const { _id, lastEventId, ...account } = await this.read(id, actor, response);
    return account;
  }

  /** Sales and helpdesk agents may read permissions, though not change them. */
  @Get('purchase-permissions')
  async purchasePermissions(@Param('customerId') id: string, @Acting() actor: Actor, @Res({ passthrough: true }) response: Response) {
    const { customerId, purchasePermissions, version } = await this.read(id, actor, response);
    return { customerId, purchasePermissions, version };
  }

  private async read(id: string, actor: Actor, response: Response): Promise<CustomerAccountDocument> {
    const account = await this.queryBus.execute(new GetCustomerAccount(requireGuid('customerId', id), actor));
    response.setHeader('ETag', etagOf(account.version));
    response.setHeader('Cache-Control', 'no-store');
    return account;
  }
}
