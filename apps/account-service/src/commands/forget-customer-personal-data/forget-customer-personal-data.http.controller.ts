import { ApiCommandRoute, WRITE_ERRORS } from '../../openapi/api-route';
import { Controller, Delete, Param, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { HttpCommandIntake } from '../../http/http-command-intake';
import { requireGuid } from '../../http/request-context';
import { forgetCustomerPersonalData } from './forget-customer-personal-data.command';

@Controller('customers/:customerId/personal-data')
export class ForgetCustomerPersonalDataHttpController {
  constructor(private readonly intake: HttpCommandIntake) {}

  /**
   * Erases the billing contact's personal data for good: the customer's key is destroyed,
   * so every copy in the event log reads as erased. No If-Match: whatever the version, the
   * answer to "forget this person" is the same.
   */
  @ApiCommandRoute('ForgetCustomerPersonalData', {
    summary: 'ForgetCustomerPersonalData: destroys the customer key, scrubs the read model',
    ifMatch: false,
    errors: [...WRITE_ERRORS, 404, 412],
  })
  @Delete()
  forget(@Param('customerId') id: string, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.intake.execute(request, response, { commandType: 'ForgetCustomerPersonalData', requireIfMatch: false }, (_body, metadata) =>
      forgetCustomerPersonalData(requireGuid('customerId', id), metadata),
    );
  }
}
