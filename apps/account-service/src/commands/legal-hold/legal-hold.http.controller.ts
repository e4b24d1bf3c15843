import { ApiCommandRoute } from '../../openapi/api-route';
import { Controller, Delete, Param, Put, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { HttpCommandIntake } from '../../http/http-command-intake';
import { requireGuid } from '../../http/request-context';
import { placeLegalHold, releaseLegalHold } from './legal-hold.command';

/** A legal hold on the account: placed and released by global admins, always with X-Change-Reason. */
@Controller('customers/:customerId/legal-hold')
export class LegalHoldHttpController {
  constructor(private readonly intake: HttpCommandIntake) {}

  @ApiCommandRoute('PlaceLegalHold', {
    summary: 'PlaceLegalHold: while held, ForgetCustomerPersonalData is refused (409, code 800423); X-Change-Reason is required',
    reasonRequired: true,
  })
  @Put()
  place(@Param('customerId') id: string, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.intake.execute(request, response, { commandType: 'PlaceLegalHold', requireIfMatch: true }, (_body, metadata) =>
      placeLegalHold(requireGuid('customerId', id), metadata),
    );
  }

  @ApiCommandRoute('ReleaseLegalHold', { summary: 'ReleaseLegalHold; X-Change-Reason is required', reasonRequired: true })
  @Delete()
  release(@Param('customerId') id: string, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.intake.execute(request, response, { commandType: 'ReleaseLegalHold', requireIfMatch: true }, (_body, metadata) =>
      releaseLegalHold(requireGuid('customerId', id), metadata),
    );
  }
}
