import { Actor, DomainError, MAY_READ } from '@app/domain';
import { CustomerAccountDocument } from '@app/read-model';
import { Controller, Get, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Request, Response } from 'express';
import { Acting, etagOf } from '../http/request-context';
import { MIN_VERSION } from '../openapi/api-headers';
import { ApiRoute, READ_ERRORS } from '../openapi/api-route';
import { minVersionOf } from '../queries/get-customer-account/get-customer-account.http.controller';
import { AccountAnswer, GetCustomerAccount } from '../queries/get-customer-account/get-customer-account.query';
import { ValidQuery } from '../validation/valid-query';
import { PartnerCenterErrorDto, SelfServePolicyCollectionDto } from './partner-center-resources.dto';
import { SelfServePolicyQueryDto } from './self-serve-policy-query.dto';

/**
 * A customer's purchase permissions as Partner Center's self-serve policy: one policy per
 * customer, its grantor the customer's partner. Read only here; the permissions change on
 * /customers/{id}/purchase-permissions (decision 0016).
 */
@Controller('v1/SelfServePolicy')
export class SelfServePoliciesHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @ApiRoute({
    summary:
      "The customer's self-serve policy, as Partner Center's collection: empty when it has no permission or no such customer exists; another partner's customer is refused",
    roles: MAY_READ,
    headers: [MIN_VERSION],
    ok: { status: 200, type: SelfServePolicyCollectionDto },
    errors: [...READ_ERRORS, 412],
    errorBody: PartnerCenterErrorDto,
  })
  @Get()
  async list(
    @ValidQuery(SelfServePolicyQueryDto) query: SelfServePolicyQueryDto,
    @Acting() actor: Actor,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const account = await this.accountOrNone(query.entity_id, actor, minVersionOf(request));
    response.setHeader('Cache-Control', 'no-store');
    const items = account !== undefined && account.purchasePermissions.length > 0 ? [policyOf(account)] : [];
    return { totalCount: items.length, items, attributes: { objectType: 'Collection' } };
  }

  /** A filter that matches nothing answers an empty collection, as a filter does. */
  private async accountOrNone(customerId: string, actor: Actor, minVersion?: number): Promise<CustomerAccountDocument | undefined> {
    try {
      const { account }: AccountAnswer = await this.queryBus.execute(new GetCustomerAccount(customerId, actor, minVersion));
      return account;
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not-found') return undefined;
      throw error;
    }
  }
}

function policyOf(account: CustomerAccountDocument) {
  return {
    id: account.customerId,
    selfServeEntity: { selfServeEntityType: 'customer', tenantID: account.customerId },
    grantor: { grantorType: 'billToPartner', tenantID: account.partnerId },
    permissions: account.purchasePermissions.map(({ resource, action }) => ({ action, resource })),
    attributes: {
      etag: etagOf(account.resourceVersions?.purchasePermissions ?? account.version),
      objectType: 'SelfServePolicy',
    },
  };
}
