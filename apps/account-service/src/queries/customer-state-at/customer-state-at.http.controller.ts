import { AuditTrail } from '@app/audit';
import { StreamIntegrityCheck } from '@app/integrity';
import { Actor, DomainError, ErrorCodes } from '@app/domain';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { Response } from 'express';
import { auditedCustomer } from '../../audit/audited-customer';
import { Acting } from '../../http/request-context';
import { validQuery } from '../../validation/valid-query';
import { StateAtQueryDto } from './state-at-query.dto';

/** The account as it was at a moment, folded from the events, never from the read model. */
@Controller('audit/customers/:customerId')
export class CustomerStateAtHttpController {
  constructor(
    private readonly trail: AuditTrail,
    private readonly integrity: StreamIntegrityCheck,
  ) {}

  @Get('state')
  async state(
    @Param('customerId') id: string,
    @Query() query: unknown,
    @Acting() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ) {
    const record = await auditedCustomer(this.trail, id, actor);
    const { at, version } = validQuery(StateAtQueryDto, query);
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
    return { asOf, account, integrity: await this.integrity.check(record.events[0].customerId, record.stored) };
  }
}
