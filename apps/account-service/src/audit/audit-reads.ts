import { Actor, DomainError } from '@app/domain';
import { AccessLog, AccessLogEntry, AuditReadKind } from '@app/event-store';
import { Logger } from '@nestjs/common';

export interface ReadScope {
  customerId?: string;
  period?: { from: string; to: string };
  filters?: Record<string, string | undefined>;
}

/** Records each audit read in the reader's partner's access log, answered or refused. */
export class AuditReads {
  private readonly logger = new Logger(AuditReads.name);

  constructor(private readonly log: AccessLog) {}

  async answered(actor: Actor, read: AuditReadKind, scope: ReadScope, entries: number): Promise<void> {
    await this.record(actor, read, scope, { outcome: 'answered', entries });
  }

  /** A read refused for who asked (a role without the right, another partner's customer): evidence too. */
  async refused(actor: Actor, read: AuditReadKind, scope: ReadScope, error: DomainError): Promise<void> {
    await this.record(actor, read, scope, { outcome: 'refused', entries: 0, code: error.code });
  }

  /** Runs a read, recording a refusal for who asked before it is answered. */
  async guarded<T>(actor: Actor, read: AuditReadKind, scope: ReadScope, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'forbidden') await this.refused(actor, read, scope, error);
      throw error;
    }
  }

  private async record(actor: Actor, read: AuditReadKind, scope: ReadScope, result: Pick<AccessLogEntry, 'outcome' | 'entries' | 'code'>) {
    const filters = Object.fromEntries(Object.entries(scope.filters ?? {}).filter(([, value]) => value !== undefined)) as Record<
      string,
      string
    >;
    const entry = await this.log.record({
      partnerId: actor.partnerId,
      actor: { userPrincipalName: actor.userPrincipalName, applicationId: actor.applicationId },
      read,
      ...(scope.customerId !== undefined && { customerId: scope.customerId }),
      ...(scope.period !== undefined && { period: scope.period }),
      ...(Object.keys(filters).length > 0 && { filters }),
      ...result,
    });
    this.log
      .witness(entry)
      .catch((error: Error) => this.logger.warn(`Access log entry ${entry._id} not yet on its topic: ${error.message}`));
  }
}
