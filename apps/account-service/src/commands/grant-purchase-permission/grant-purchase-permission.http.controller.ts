import { ApiParam } from '@nestjs/swagger';
import { PURCHASABLE_RESOURCES } from '@app/domain';
import { ApiCommandRoute } from '../../openapi/api-route';
import { GrantPurchasePermission } from '@app/domain';
import { Controller, Param, Put, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { HttpCommandIntake } from '../../http/http-command-intake';
import { requireGuid } from '../../http/request-context';
import { purchasePermissionCommand } from '../purchase-permission.command';

@Controller('customers/:customerId/purchase-permissions')
export class GrantPurchasePermissionHttpController {
  constructor(private readonly intake: HttpCommandIntake) {}

  /** Idempotent by nature: granting what is granted is accepted and changes nothing. */
  @ApiParam({ name: 'resource', enum: PURCHASABLE_RESOURCES })
  @ApiCommandRoute('GrantPurchasePermission')
  @Put(':resource')
  grant(
    @Param('customerId') id: string,
    @Param('resource') resource: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.intake.execute(
      request,
      response,
      { commandType: 'GrantPurchasePermission', requireIfMatch: true, ifMatchResource: 'purchasePermissions' },
      (_body, metadata) =>
        purchasePermissionCommand<GrantPurchasePermission>('GrantPurchasePermission', requireGuid('customerId', id), resource, metadata),
    );
  }
}
