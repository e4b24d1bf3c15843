import { AuditTrail } from '@app/audit';
import { Actor, authorizeAudit } from '@app/domain';
import { Controller, Get, Res } from '@nestjs/common';
import { Response } from 'express';
import { Acting } from '../../http/request-context';

/**
 * Can the records be trusted? Every stream of the partner's customers checked against its
 * hash chain, and the read model against the fold of the events.
 */
@Controller('audit')
export class VerifyRecordsHttpController {
  constructor(private readonly trail: AuditTrail) {}

  @Get('verification')
  async verify(@Acting() actor: Actor, @Res({ passthrough: true }) response: Response) {
    authorizeAudit(actor);
    response.setHeader('Cache-Control', 'no-store');
    return this.trail.verify({ partnerId: actor.partnerId });
  }
}
