import { ApiCommandRoute } from '../../openapi/api-route';
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

  @ApiCommandRoute('UpdateCustomerDetails', {
    summary: 'UpdateCustomerDetails: merge patches of either profile',
    body: UpdateCustomerDetailsRequestDto,
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

  @ApiCommandRoute('UpdateCustomerDetails', { summary: 'UpdateCustomerDetails: replace the billing profile', body: BillingProfileDto })
  @Put('billing-profile')
  replaceBillingProfile(@Param('customerId') id: string, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.intake.execute(
      request,
      response,
      { commandType: 'UpdateCustomerDetails', body: BillingProfileDto, requireIfMatch: true, ifMatchResource: 'billingProfile' },
      (body, metadata) => updateCustomerDetails(requireGuid('customerId', id), { billingProfile: { replace: body } }, metadata),
    );
  }

  @ApiCommandRoute('UpdateCustomerDetails', {
    summary: 'UpdateCustomerDetails: merge patch of the billing profile',
    body: BillingProfilePatchDto,
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

  @ApiCommandRoute('UpdateCustomerDetails', {
    summary: 'UpdateCustomerDetails: merge patch of the company details',
    body: CompanyProfilePatchDto,
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
