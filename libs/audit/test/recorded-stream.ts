import { CustomerAccountCommand, CustomerAccountState, decide, fold, initialState, RecordedEvent, recordEvents } from '@app/domain';

/** Plays commands through the real domain, as the service would, and returns the recorded events. */
export function recordedStream(...commands: CustomerAccountCommand[]): RecordedEvent[] {
  let state: CustomerAccountState = initialState();
  const events: RecordedEvent[] = [];
  let nextId = 1;
  for (const command of commands) {
    const partnerId = state.status === 'registered' ? state.partnerId : command.metadata.actor.partnerId;
    const recorded = recordEvents(decide(command, state), command, partnerId, state, () => `event-${nextId++}`);
    state = fold(recorded, state);
    events.push(...recorded);
  }
  return events;
}
