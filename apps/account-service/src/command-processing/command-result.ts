import { CustomerAccountCommandType } from '@app/domain';
import { Problem } from '../problems/problem';

export interface EventReference {
  eventId: string;
  type: string;
  version: number;
}

interface ResultIdentity {
  commandId: string;
  customerId: string;
  commandType: CustomerAccountCommandType | string;
}

/** Accepted: durable in the event store. `events` is empty when the command changed nothing. */
export type AcceptedResult = ResultIdentity & { outcome: 'accepted'; status: number; version: number; events: EventReference[] };
export type RejectedResult = ResultIdentity & { outcome: 'rejected' } & Problem;

/** What a command came to: the same on HTTP and on the command-results topic. */
export type CommandResult = AcceptedResult | RejectedResult;

/** A result, and whether it is a replay of an earlier identical command id. */
export interface ProcessedCommand {
  result: CommandResult;
  replayed: boolean;
}
