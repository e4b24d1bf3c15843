import { RecordedEvent } from '@app/domain';
import { isInfrastructureFailure } from '@app/platform';
import { AccountProjection, addToReport, emptyProjectionReport, groupByCustomer, ProjectionReport } from '@app/read-model';

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
  const total = emptyProjectionReport();
  for (const stream of groupByCustomer(events).values()) {
    try {
      addToReport(total, await projection.project(stream));
    } catch (error) {
      if (isInfrastructureFailure(error)) throw error;
      const reason = `Not projected: ${(error as Error).message}`;
      total.poisoned.push(...stream.map((event) => ({ event, reason })));
    }
  }
  return total;
}
