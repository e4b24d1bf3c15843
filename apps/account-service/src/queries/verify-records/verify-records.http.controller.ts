import { ApiAuditRoute } from '../../openapi/api-route';
import { AuditTrail } from '@app/audit';
import { Actor, authorizeAudit } from '@app/domain';
import { DigestWitness } from '@app/integrity';
import { Controller, Get, Res } from '@nestjs/common';
import { Response } from 'express';
import { Acting } from '../../http/request-context';
import { AuditReads } from '../../audit/audit-reads';

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
    private readonly reads: AuditReads,
  ) {}

  @ApiAuditRoute(
    "Every hash chain of the partner's customers, each stream against the signed digests on the digests topic, and the read model against the events",
    [401, 403, 503],
  )
  @Get('verification')
  async verify(@Acting() actor: Actor, @Res({ passthrough: true }) response: Response) {
    await this.reads.guarded(actor, 'verification', {}, async () => authorizeAudit(actor));
    response.setHeader('Cache-Control', 'no-store');
    const evidence = await this.witness.evidence(actor.partnerId);
    const report = await this.trail.verify(evidence, { partnerId: actor.partnerId });
    await this.reads.answered(actor, 'verification', {}, report.customers);
    return report;
  }
}
