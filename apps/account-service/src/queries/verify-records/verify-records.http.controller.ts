import { AuditTrail } from '@app/audit';
import { Actor, authorizeAudit } from '@app/domain';
import { DigestWitness } from '@app/integrity';
import { Controller, Get, Res } from '@nestjs/common';
import { Response } from 'express';
import { Acting } from '../../http/request-context';

/**
 * Can the records be trusted? Every stream of the partner's customers checked against its
 * hash chain and against the signed digests on the digests topic (the copy outside the
 * database), and the read model against the fold of the events.
 */
@Controller('audit')
export class VerifyRecordsHttpController {
  constructor(
    private readonly trail: AuditTrail,
    private readonly witness: DigestWitness,
  ) {}

  @Get('verification')
  async verify(@Acting() actor: Actor, @Res({ passthrough: true }) response: Response) {
    authorizeAudit(actor);
    response.setHeader('Cache-Control', 'no-store');
    const evidence = await this.witness.evidence(actor.partnerId);
    return this.trail.verify(evidence, { partnerId: actor.partnerId });
  }
}
