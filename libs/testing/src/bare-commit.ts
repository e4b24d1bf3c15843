import { EventCommit } from '@app/event-store';

/** A commit of one version with no events in it, for tests of what the store does with commits as such. */
export function bareCommit(customerId: string, version: number, committedAt = new Date()): EventCommit {
  return {
    _id: `command-${customerId}-${version}`,
    commandType: 'UpdateCustomerDetails',
    customerId,
    partnerId: 'partner',
    firstVersion: version,
    lastVersion: version,
    events: [],
    committedAt,
  };
}
