import { Actor, DomainError, ErrorCodes } from '@app/domain';
import { CustomerAccountDocument } from '@app/read-model';
import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Request, Response } from 'express';
import { Acting, etagOf, requireGuid } from '../../http/request-context';
import { AccountAnswer, GetCustomerAccount } from './get-customer-account.query';

/** The header a caller names the version it wrote with, to read its own write. */
export const MIN_VERSION_HEADER = 'X-Min-Version';

@Controller('customers/:customerId')
export class GetCustomerAccountHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  async account(
    @Param('customerId') id: string,
    @Acting() actor: Actor,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { _id, lastEventId, ...account } = await this.read(id, actor, request, response);
    return account;
  }

  /** Sales and helpdesk agents may read permissions, though not change them. */
  @Get('purchase-permissions')
  async purchasePermissions(
    @Param('customerId') id: string,
    @Acting() actor: Actor,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { customerId, purchasePermissions, version } = await this.read(id, actor, request, response);
    return { customerId, purchasePermissions, version };
  }

  private async read(id: string, actor: Actor, request: Request, response: Response): Promise<CustomerAccountDocument> {
    const { account, servedFrom }: AccountAnswer = await this.queryBus.execute(
      new GetCustomerAccount(requireGuid('customerId', id), actor, minVersionOf(request)),
    );
    response.setHeader('ETag', etagOf(account.version));
    response.setHeader('Cache-Control', 'no-store');
    if (servedFrom === 'event-store') response.setHeader('X-Served-From', 'event-store');
    return account;
  }
}

function minVersionOf(request: Request): number | undefined {
  const value = request.header(MIN_VERSION_HEADER);
  if (value === undefined) return undefined;
  if (!/^[1-9]\d{0,8}$/.test(value))
    throw new DomainError('invalid-input', ErrorCodes.InvalidProperty, `${MIN_VERSION_HEADER} must be a version: a whole number from 1`, [
      { field: MIN_VERSION_HEADER, reason: 'must be a whole number from 1', code: ErrorCodes.InvalidProperty },
    ]);
  return Number(value);
}
