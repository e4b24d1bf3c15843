import { CustomerAccountState, fold, RecordedEvent } from '@app/domain';

/** A moment in a customer's life: a timestamp, a stream version, or both (whichever is earlier). */
export interface Moment {
  at?: string;
  version?: number;
}

export interface StateAt {
  state: CustomerAccountState;
  /** The last event folded in: the account as of this version. */
  asOf: { version: number; occurredAt: string } | null;
}

/** The account exactly as it was at a moment, folded from the events (never from the read model). */
export function stateAt(events: RecordedEvent[], moment: Moment): StateAt {
  const until = moment.at === undefined ? Infinity : Date.parse(moment.at);
  const upTo = events.filter(
    (event) => (moment.version === undefined || event.version <= moment.version) && Date.parse(event.occurredAt) <= until,
  );
  const last = upTo.at(-1);
  return { state: fold(upTo), asOf: last ? { version: last.version, occurredAt: last.occurredAt } : null };
}
