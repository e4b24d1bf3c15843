import { ApiAuditRoute, AUDIT_READ_ERRORS } from '../../openapi/api-route';
import { AuditTrail } from '@app/audit';
import { StreamIntegrityCheck } from '@app/integrity';
import { AuditReads } from '../../audit/audit-reads';
import { Actor, DomainError, ErrorCodes } from '@app/domain';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { Response } from 'express';
import { auditedCustomer } from '../../audit/audited-customer';
import { Acting } from '../../http/request-context';
import { ValidQuery } from '../../validation/valid-query';
import { StateAtQueryDto } from './state-at-query.dto';

/** The account as it was at a moment, folded from the events, never from the read model. */
@Controller('audit/customers/:customerId')
export class CustomerStateAtHttpController {
  constructor(
    private readonly trail: AuditTrail,
    private readonly integrity: StreamIntegrityCheck,
    private readonly reads: AuditReads,
  ) {}

  @ApiAuditRoute('The account as it was at a moment or version, folded from the events', AUDIT_READ_ERRORS)
  @Get('state')
  async state(
    @Param('customerId') id: string,
    @ValidQuery(StateAtQueryDto) query: StateAtQueryDto,
    @Acting() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { at, version } = query;
    const record = await this.reads.guarded(actor, 'state', { customerId: id }, () => auditedCustomer(this.trail, id, actor));
    const { state, asOf } = this.trail.stateAt(record, { at, ...(version && { version: Number(version) }) });
    if (state.status !== 'registered' || !asOf) {
      throw new DomainError(
        'not-found',
        ErrorCodes.CustomerNotFound,
        `Customer ${record.events[0].customerId} was not registered yet at that moment`,
      );
    }
    response.setHeader('Cache-Control', 'no-store');
    const { status: _status, ...account } = state;
    await this.reads.answered(actor, 'state', { customerId: record.events[0].customerId, filters: { at, version } }, 1);
    return { asOf, account, integrity: await this.integrity.check(record.events[0].customerId, record.stored) };
  }
}
