import { ApiRoute, READ_ERRORS } from '../../openapi/api-route';
import { MIN_VERSION } from '../../openapi/api-headers';
import { CustomerAccountDto } from '../../openapi/customer-account.dto';
import { MAY_READ } from '@app/domain';
import { AccountResource, Actor } from '@app/domain';
import { CustomerAccountDocument } from '@app/read-model';
import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Request, Response } from 'express';
import { Acting, etagOf, minVersionOf, requireGuid, resourceVersionOf } from '../../http/request-context';
import { AccountAnswer, GetCustomerAccount } from './get-customer-account.query';

@Controller('customers/:customerId')
export class GetCustomerAccountHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @ApiRoute({
    summary: 'The current account, from the read model; ETag is its version',
    roles: MAY_READ,
    headers: [MIN_VERSION],
    ok: { status: 200, type: CustomerAccountDto },
    errors: [...READ_ERRORS, 412],
  })
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
  @ApiRoute({
    summary: 'The purchase permissions; ETag is the version of the last change to them',
    roles: MAY_READ,
    headers: [MIN_VERSION],
    ok: { status: 200 },
    errors: [...READ_ERRORS, 412],
  })
  @Get('purchase-permissions')
  async purchasePermissions(
    @Param('customerId') id: string,
    @Acting() actor: Actor,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { customerId, purchasePermissions, version } = await this.read(id, actor, request, response, 'purchasePermissions');
    return { customerId, purchasePermissions, version };
  }

  /** One resource of the account, with an ETag of its own: a write to it elsewhere does not make another's stale. */
  @ApiRoute({
    summary: 'The billing profile; ETag is the version of the last change to it, which a write to another resource leaves valid',
    roles: MAY_READ,
    headers: [MIN_VERSION],
    ok: { status: 200 },
    errors: [...READ_ERRORS, 412],
  })
  @Get('billing-profile')
  async billingProfile(
    @Param('customerId') id: string,
    @Acting() actor: Actor,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { customerId, billingProfile, version } = await this.read(id, actor, request, response, 'billingProfile');
    return { customerId, billingProfile, version };
  }

  @ApiRoute({
    summary: 'The company profile; ETag is the version of the last change to it',
    roles: MAY_READ,
    headers: [MIN_VERSION],
    ok: { status: 200 },
    errors: [...READ_ERRORS, 412],
  })
  @Get('company-profile')
  async companyProfile(
    @Param('customerId') id: string,
    @Acting() actor: Actor,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { customerId, companyProfile, version } = await this.read(id, actor, request, response, 'companyProfile');
    return { customerId, companyProfile, version };
  }

  private async read(
    id: string,
    actor: Actor,
    request: Request,
    response: Response,
    resource?: AccountResource,
  ): Promise<CustomerAccountDocument> {
    const { account, servedFrom }: AccountAnswer = await this.queryBus.execute(
      new GetCustomerAccount(requireGuid('customerId', id), actor, minVersionOf(request)),
    );
    response.setHeader('ETag', etagOf(resource === undefined ? account.version : resourceVersionOf(account, resource)));
    response.setHeader('Cache-Control', 'no-store');
    if (servedFrom === 'event-store') response.setHeader('X-Served-From', 'event-store');
    return account;
  }
}
