import { ApiRoute, UPDATE_ERRORS } from '../../openapi/api-route';
import { COMMAND_HEADERS, IF_MATCH } from '../../openapi/api-headers';
import { CommandResultDto } from '../../openapi/command-result.dto';
import { MAY_ISSUE } from '@app/domain';
import { Controller, Param, Patch, Put, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { HttpCommandIntake } from '../../http/http-command-intake';
import { requireGuid } from '../../http/request-context';
import { BillingProfileDto, BillingProfilePatchDto } from '../../validation/dto/billing-profile.dto';
import { CompanyProfilePatchDto } from '../../validation/dto/company-profile.dto';
import { updateCustomerDetails } from './update-customer-details.command';
import { UpdateCustomerDetailsRequestDto } from './update-customer-details.request.dto';

/** Four ways to say UpdateCustomerDetails, each with If-Match: of the account, or of the profile on a profile's route. */
@Controller('customers/:customerId')
export class UpdateCustomerDetailsHttpController {
  constructor(private readonly intake: HttpCommandIntake) {}

  @ApiRoute({
    summary: 'UpdateCustomerDetails: merge patches of either profile',
    roles: MAY_ISSUE.UpdateCustomerDetails,
    headers: [IF_MATCH, ...COMMAND_HEADERS],
    body: UpdateCustomerDetailsRequestDto,
    ok: { status: 200, type: CommandResultDto },
    errors: UPDATE_ERRORS,
  })
  @Patch()
  updateDetails(@Param('customerId') id: string, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.intake.execute(
      request,
      response,
      { commandType: 'UpdateCustomerDetails', body: UpdateCustomerDetailsRequestDto, requireIfMatch: true },
      (body, metadata) =>
        updateCustomerDetails(
          requireGuid('customerId', id),
          {
            ...(body.billingProfile && { billingProfile: { merge: body.billingProfile } }),
            ...(body.companyProfile && { companyProfile: body.companyProfile }),
          },
          metadata,
        ),
    );
  }

  @ApiRoute({
    summary: 'UpdateCustomerDetails: replace the billing profile',
    roles: MAY_ISSUE.UpdateCustomerDetails,
    headers: [IF_MATCH, ...COMMAND_HEADERS],
    body: BillingProfileDto,
    ok: { status: 200, type: CommandResultDto },
    errors: UPDATE_ERRORS,
  })
  @Put('billing-profile')
  replaceBillingProfile(@Param('customerId') id: string, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.intake.execute(
      request,
      response,
      { commandType: 'UpdateCustomerDetails', body: BillingProfileDto, requireIfMatch: true, ifMatchResource: 'billingProfile' },
      (body, metadata) => updateCustomerDetails(requireGuid('customerId', id), { billingProfile: { replace: body } }, metadata),
    );
  }

  @ApiRoute({
    summary: 'UpdateCustomerDetails: merge patch of the billing profile',
    roles: MAY_ISSUE.UpdateCustomerDetails,
    headers: [IF_MATCH, ...COMMAND_HEADERS],
    body: BillingProfilePatchDto,
    ok: { status: 200, type: CommandResultDto },
    errors: UPDATE_ERRORS,
  })
  @Patch('billing-profile')
  patchBillingProfile(@Param('customerId') id: string, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.intake.execute(
      request,
      response,
      { commandType: 'UpdateCustomerDetails', body: BillingProfilePatchDto, requireIfMatch: true, ifMatchResource: 'billingProfile' },
      (body, metadata) => updateCustomerDetails(requireGuid('customerId', id), { billingProfile: { merge: body } }, metadata),
    );
  }

  @ApiRoute({
    summary: 'UpdateCustomerDetails: merge patch of the company details',
    roles: MAY_ISSUE.UpdateCustomerDetails,
    headers: [IF_MATCH, ...COMMAND_HEADERS],
    body: CompanyProfilePatchDto,
    ok: { status: 200, type: CommandResultDto },
    errors: UPDATE_ERRORS,
  })
  @Patch('company-profile')
  patchCompanyProfile(@Param('customerId') id: string, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.intake.execute(
      request,
      response,
      { commandType: 'UpdateCustomerDetails', body: CompanyProfilePatchDto, requireIfMatch: true, ifMatchResource: 'companyProfile' },
      (body, metadata) => updateCustomerDetails(requireGuid('customerId', id), { companyProfile: body }, metadata),
    );
  }
}
