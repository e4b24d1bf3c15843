import { ApiRoute, UPDATE_ERRORS } from '../../openapi/api-route';
import { CORRELATION_ID, IF_MATCH, REQUEST_ID, REQUIRED_CHANGE_REASON, TRACEPARENT } from '../../openapi/api-headers';
import { CommandResultDto } from '../../openapi/command-result.dto';
import { MAY_ISSUE } from '@app/domain';
import { Controller, Delete, Param, Put, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { HttpCommandIntake } from '../../http/http-command-intake';
import { requireGuid } from '../../http/request-context';
import { placeLegalHold, releaseLegalHold } from './legal-hold.command';

/** A legal hold on the account: placed and released by global admins, always with X-Change-Reason. */
@Controller('customers/:customerId/legal-hold')
export class LegalHoldHttpController {
  constructor(private readonly intake: HttpCommandIntake) {}

  @ApiRoute({
    summary: 'PlaceLegalHold: while held, ForgetCustomerPersonalData is refused (409, code 800423); X-Change-Reason is required',
    roles: MAY_ISSUE.PlaceLegalHold,
    headers: [IF_MATCH, REQUEST_ID, CORRELATION_ID, REQUIRED_CHANGE_REASON, TRACEPARENT],
    ok: { status: 200, type: CommandResultDto },
    errors: UPDATE_ERRORS,
  })
  @Put()
  place(@Param('customerId') id: string, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.intake.execute(request, response, { commandType: 'PlaceLegalHold', requireIfMatch: true }, (_body, metadata) =>
      placeLegalHold(requireGuid('customerId', id), metadata),
    );
  }

  @ApiRoute({
    summary: 'ReleaseLegalHold; X-Change-Reason is required',
    roles: MAY_ISSUE.ReleaseLegalHold,
    headers: [IF_MATCH, REQUEST_ID, CORRELATION_ID, REQUIRED_CHANGE_REASON, TRACEPARENT],
    ok: { status: 200, type: CommandResultDto },
    errors: UPDATE_ERRORS,
  })
  @Delete()
  release(@Param('customerId') id: string, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.intake.execute(request, response, { commandType: 'ReleaseLegalHold', requireIfMatch: true }, (_body, metadata) =>
      releaseLegalHold(requireGuid('customerId', id), metadata),
    );
  }
}
