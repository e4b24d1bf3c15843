import { Actor, CommandMetadata, DomainError, MAY_ISSUE, MAY_READ } from '@app/domain';
import { CustomerAccountDocument } from '@app/read-model';
import { Controller, Delete, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExtension, ApiResponse } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { setPurchasePermissions } from '../commands/set-purchase-permissions/set-purchase-permissions.command';
import { HttpCommandIntake } from '../http/http-command-intake';
import { ProblemException } from '../http/problem.exception';
import { Acting, etagOf, minVersionOf, requireGuid, resourceVersionOf } from '../http/request-context';
import { COMMAND_HEADERS, IF_MATCH, MIN_VERSION } from '../openapi/api-headers';
import { ApiRoute, READ_ERRORS, UPDATE_ERRORS, WRITE_ERRORS } from '../openapi/api-route';
import { invalidRequest } from '../problems/problem';
import { AccountAnswer, GetCustomerAccount } from '../queries/get-customer-account/get-customer-account.query';
import { ValidQuery } from '../validation/valid-query';
import { readPartnerCenterBody } from './partner-center-keys';
import {
  PartnerCenterErrorDto,
  SelfServePolicyCollectionDto,
  SelfServePolicyDto,
  SelfServePolicyRequestDto,
} from './partner-center-resources.dto';
import { SelfServePolicyQueryDto } from './self-serve-policy-query.dto';

/** Which request fields must name the fuzzed customer and partner for a request to be valid (read by the OpenAPI fuzzer). */
const NAMES_THE_CUSTOMER = ApiExtension('x-names', { 'selfServeEntity.tenantID': 'customerId', 'grantor.tenantID': 'partnerId' });

/**
 * A customer's purchase permissions as Partner Center's self-serve policy: one policy per
 * customer, its id the customer's, its grantor the customer's partner. A write sets the whole
 * list in one SetPurchasePermissions, so a policy is never half-written.
 */
@Controller('v1/SelfServePolicy')
export class SelfServePoliciesHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly intake: HttpCommandIntake,
  ) {}

  @ApiRoute({
    summary: 'SetPurchasePermissions: creates the policy (201), or replaces the one the customer has (200); answers the policy',
    roles: MAY_ISSUE.SetPurchasePermissions,
    headers: COMMAND_HEADERS,
    body: SelfServePolicyRequestDto,
    ok: { status: 201, type: SelfServePolicyDto },
    errors: [...WRITE_ERRORS, 404],
    errorBody: PartnerCenterErrorDto,
  })
  @ApiResponse({ status: 200, description: 'Replaced the policy the customer had', type: SelfServePolicyDto })
  @NAMES_THE_CUSTOMER
  @Post()
  async create(@Acting() actor: Actor, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    readPartnerCenterBody(request);
    const result = await this.write(request, response, actor, undefined, false);
    const account = (await this.accountOrNone(result.customerId, actor, result.version))!;
    // Only grants, and as many as are now held: none was held before, so this created the policy.
    const grants = result.events.filter((event) => event.type === 'PurchasePermissionGranted').length;
    const created = grants > 0 && grants === result.events.length && grants === account.purchasePermissions.length;
    response.status(created ? 201 : 200);
    return policyOf(account);
  }

  @ApiRoute({
    summary: 'SetPurchasePermissions: replaces the policy; If-Match (or attributes.etag) is the permissions ETag',
    roles: MAY_ISSUE.SetPurchasePermissions,
    headers: [{ ...IF_MATCH, required: false, description: 'The policy ETag; attributes.etag is taken when absent' }, ...COMMAND_HEADERS],
    body: SelfServePolicyRequestDto,
    ok: { status: 200, type: SelfServePolicyDto },
    errors: UPDATE_ERRORS,
    errorBody: PartnerCenterErrorDto,
  })
  @NAMES_THE_CUSTOMER
  @Put(':customerId')
  async replace(
    @Param('customerId') id: string,
    @Acting() actor: Actor,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    readPartnerCenterBody(request);
    const result = await this.write(request, response, actor, requireGuid('customerId', id), true);
    return policyOf((await this.accountOrNone(result.customerId, actor, result.version))!);
  }

  @ApiRoute({
    summary: 'SetPurchasePermissions to none: every permission revoked in one decision',
    roles: MAY_ISSUE.SetPurchasePermissions,
    headers: [IF_MATCH, ...COMMAND_HEADERS],
    ok: { status: 204 },
    errors: UPDATE_ERRORS,
    errorBody: PartnerCenterErrorDto,
  })
  @Delete(':customerId')
  @HttpCode(204)
  async remove(@Param('customerId') id: string, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    const customerId = requireGuid('customerId', id);
    await this.intake.execute(
      request,
      response,
      { commandType: 'SetPurchasePermissions', requireIfMatch: true, ifMatchResource: 'purchasePermissions' },
      (_body, metadata) => setPurchasePermissions(customerId, [], metadata),
    );
    response.status(204);
  }

  private write(request: Request, response: Response, actor: Actor, pathCustomerId: string | undefined, requireIfMatch: boolean) {
    return this.intake.execute(
      request,
      response,
      { commandType: 'SetPurchasePermissions', body: SelfServePolicyRequestDto, requireIfMatch, ifMatchResource: 'purchasePermissions' },
      (policy, metadata: CommandMetadata) => {
        const customerId = requireGuid('selfServeEntity.tenantID', policy.selfServeEntity.tenantID);
        const named = [pathCustomerId, policy.id].filter((value): value is string => value !== undefined);
        if (named.some((value) => value.toLowerCase() !== customerId)) {
          throw new ProblemException(invalidRequest('The policy names two customers: its id or path and selfServeEntity.tenantID differ'));
        }
        if (policy.grantor.tenantID.toLowerCase() !== actor.partnerId.toLowerCase()) {
          throw new ProblemException(invalidRequest("grantor.tenantID must be the caller's partner, whose customer it is"));
        }
        return setPurchasePermissions(customerId, policy.permissions, metadata);
      },
    );
  }

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
      etag: etagOf(resourceVersionOf(account, 'purchasePermissions')),
      objectType: 'SelfServePolicy',
    },
  };
}
