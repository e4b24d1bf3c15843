import { ApiParam } from '@nestjs/swagger';
import { PURCHASABLE_RESOURCES } from '@app/domain';
import { ApiRoute, UPDATE_ERRORS } from '../../openapi/api-route';
import { COMMAND_HEADERS, IF_MATCH } from '../../openapi/api-headers';
import { CommandResultDto } from '../../openapi/command-result.dto';
import { MAY_ISSUE } from '@app/domain';
import { RevokePurchasePermission } from '@app/domain';
import { Controller, Delete, Param, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { HttpCommandIntake } from '../../http/http-command-intake';
import { requireGuid } from '../../http/request-context';
import { purchasePermissionCommand } from '../purchase-permission.command';

@Controller('customers/:customerId/purchase-permissions')
export class RevokePurchasePermissionHttpController {
  constructor(private readonly intake: HttpCommandIntake) {}

  /** Purchases already made stay; only new ones are blocked. */
  @ApiParam({ name: 'resource', enum: PURCHASABLE_RESOURCES })
  @ApiRoute({
    summary: 'RevokePurchasePermission: purchases already made stay; only new ones are blocked',
    roles: MAY_ISSUE.RevokePurchasePermission,
    headers: [IF_MATCH, ...COMMAND_HEADERS],
    ok: { status: 200, type: CommandResultDto },
    errors: UPDATE_ERRORS,
  })
  @Delete(':resource')
  revoke(
    @Param('customerId') id: string,
    @Param('resource') resource: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.intake.execute(
      request,
      response,
      { commandType: 'RevokePurchasePermission', requireIfMatch: true, ifMatchResource: 'purchasePermissions' },
      (_body, metadata) =>
        purchasePermissionCommand<RevokePurchasePermission>('RevokePurchasePermission', requireGuid('customerId', id), resource, metadata),
    );
  }
}
