import { RecordedEvent } from '@app/domain';
import { isInfrastructureFailure } from '@app/platform';
import { AccountProjection, ProjectionReport } from '@app/read-model';

/**
 * Projects a batch, and when it fails for a reason other than the read model out of reach,
 * projects each customer's events apart: a customer whose write cannot be made (a document
 * the store refuses, writes that keep conflicting) has its events set aside as poison and
 * the others are written, so that no event stops its partition for good.
 */
export async function projectSettingAside(
  projection: Pick<AccountProjection, 'project'>,
  events: RecordedEvent[],
): Promise<ProjectionReport> {
  try {
    return await projection.project(events);
  } catch (error) {
    if (isInfrastructureFailure(error)) throw error;
  }
  const total: ProjectionReport = { applied: 0, skipped: 0, healed: 0, poisoned: [] };
  for (const stream of byCustomer(events)) {
    try {
      const part = await projection.project(stream);
      total.applied += part.applied;
      total.skipped += part.skipped;
      total.healed += part.healed;
      total.poisoned.push(...part.poisoned);
    } catch (error) {
      if (isInfrastructureFailure(error)) throw error;
      const reason = `Not projected: ${(error as Error).message}`;
      total.poisoned.push(...stream.map((event) => ({ event, reason })));
    }
  }
  return total;
}

function byCustomer(events: RecordedEvent[]): RecordedEvent[][] {
  const streams = new Map<string, RecordedEvent[]>();
  for (const event of events) streams.set(event.customerId, [...(streams.get(event.customerId) ?? []), event]);
  return [...streams.values()];
}
