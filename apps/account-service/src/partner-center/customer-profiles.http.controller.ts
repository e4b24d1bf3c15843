import { AccountResource, Actor, MAY_ISSUE, MAY_READ } from '@app/domain';
import { CustomerAccountDocument } from '@app/read-model';
import { Controller, Get, Param, Put, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Request, Response } from 'express';
import { updateCustomerDetails } from '../commands/update-customer-details/update-customer-details.command';
import { HttpCommandIntake } from '../http/http-command-intake';
import { ProblemException } from '../http/problem.exception';
import { Acting, etagOf, minVersionOf, requireGuid, resourceVersionOf } from '../http/request-context';
import { COMMAND_HEADERS, IF_MATCH, MIN_VERSION } from '../openapi/api-headers';
import { ApiRoute, READ_ERRORS, UPDATE_ERRORS } from '../openapi/api-route';
import { invalidRequest } from '../problems/problem';
import { AccountAnswer, GetCustomerAccount } from '../queries/get-customer-account/get-customer-account.query';
import { readPartnerCenterBody } from './partner-center-keys';
import { PartnerCenterBillingProfileDto, PartnerCenterCompanyProfileDto, PartnerCenterErrorDto } from './partner-center-resources.dto';

/**
 * Partner Center's customer profile resources over our own commands and read model: the
 * documented read-modify-write (GET, change, PUT the resource back) works as it does there.
 */
@Controller('v1/customers/:customerId/profiles')
export class CustomerProfilesHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly intake: HttpCommandIntake,
  ) {}

  @ApiRoute({
    summary: "The billing profile in Partner Center's resource shape; attributes.etag and the ETag header are its own version",
    roles: MAY_READ,
    headers: [MIN_VERSION],
    ok: { status: 200, type: PartnerCenterBillingProfileDto },
    errors: [...READ_ERRORS, 412],
    errorBody: PartnerCenterErrorDto,
  })
  @Get('billing')
  async billing(
    @Param('customerId') id: string,
    @Acting() actor: Actor,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    return billingResource(await this.read(requireGuid('customerId', id), actor, response, 'billingProfile', minVersionOf(request)));
  }

  @ApiRoute({
    summary: "The company profile in Partner Center's resource shape",
    roles: MAY_READ,
    headers: [MIN_VERSION],
    ok: { status: 200, type: PartnerCenterCompanyProfileDto },
    errors: [...READ_ERRORS, 412],
    errorBody: PartnerCenterErrorDto,
  })
  @Get('company')
  async company(
    @Param('customerId') id: string,
    @Acting() actor: Actor,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const account = await this.read(requireGuid('customerId', id), actor, response, 'companyProfile', minVersionOf(request));
    return {
      ...account.companyProfile,
      links: { self: selfLink(account.customerId, 'company') },
      attributes: { etag: etagOf(resourceVersionOf(account, 'companyProfile')), objectType: 'CustomerCompanyProfile' },
    };
  }

  /**
   * Replaces the billing profile (UpdateCustomerDetails) and answers with it as updated. The
   * ETag comes from If-Match or, as a resource read back carries it, from attributes.etag.
   */
  @ApiRoute({
    summary: 'UpdateCustomerDetails: replace the billing profile with the resource sent back whole; answers the updated resource',
    roles: MAY_ISSUE.UpdateCustomerDetails,
    headers: [
      { ...IF_MATCH, required: false, description: 'The billing profile ETag; attributes.etag is taken when absent' },
      ...COMMAND_HEADERS,
    ],
    body: PartnerCenterBillingProfileDto,
    ok: { status: 200, type: PartnerCenterBillingProfileDto },
    errors: UPDATE_ERRORS,
    errorBody: PartnerCenterErrorDto,
  })
  @Put('billing')
  async replaceBilling(
    @Param('customerId') id: string,
    @Acting() actor: Actor,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const customerId = requireGuid('customerId', id);
    readPartnerCenterBody(request);
    const result = await this.intake.execute(
      request,
      response,
      {
        commandType: 'UpdateCustomerDetails',
        body: PartnerCenterBillingProfileDto,
        requireIfMatch: true,
        ifMatchResource: 'billingProfile',
      },
      ({ id: resourceId, links: _links, attributes: _attributes, ...billingProfile }, metadata) => {
        if (resourceId !== undefined && resourceId.toLowerCase() !== customerId.toLowerCase()) {
          throw new ProblemException(invalidRequest(`The resource's id ${JSON.stringify(resourceId)} is not the customer of the path`));
        }
        return updateCustomerDetails(customerId, { billingProfile: { replace: billingProfile } }, metadata);
      },
    );
    return billingResource(await this.read(customerId, actor, response, 'billingProfile', result.version));
  }

  private async read(
    customerId: string,
    actor: Actor,
    response: Response,
    resource: AccountResource,
    minVersion?: number,
  ): Promise<CustomerAccountDocument> {
    const { account }: AccountAnswer = await this.queryBus.execute(new GetCustomerAccount(customerId, actor, minVersion));
    response.setHeader('ETag', etagOf(resourceVersionOf(account, resource)));
    response.setHeader('Cache-Control', 'no-store');
    return account;
  }
}

const selfLink = (customerId: string, profile: string) => ({
  uri: `/customers/${customerId}/profiles/${profile}`,
  method: 'GET',
  headers: [],
});

function billingResource(account: CustomerAccountDocument) {
  return {
    id: account.customerId,
    ...account.billingProfile,
    links: { self: selfLink(account.customerId, 'billing') },
    attributes: { etag: etagOf(resourceVersionOf(account, 'billingProfile')), objectType: 'CustomerBillingProfile' },
  };
}
