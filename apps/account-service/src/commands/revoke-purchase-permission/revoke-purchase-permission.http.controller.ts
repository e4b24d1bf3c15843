import { ApiParam } from '@nestjs/swagger';
import { PURCHASABLE_RESOURCES } from '@app/domain';
import { ApiCommandRoute } from '../../openapi/api-route';
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
  @ApiCommandRoute('RevokePurchasePermission', {
    summary: 'RevokePurchasePermission: purchases already made stay; only new ones are blocked',
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
