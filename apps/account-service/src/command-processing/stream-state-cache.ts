import { CustomerAccountState } from '@app/domain';

/** What deciding the next command of a stream needs: its folded state and its last hash. */
export interface StreamHead {
  state: CustomerAccountState;
  lastHash: string;
}

/**
 * The heads of recently used streams, least recently used dropped first. Only an
 * optimisation: a decision that produces events is checked by the unique stream position
 * when it is appended, and one that produces none is checked against the store before it
 * is answered, so a copy made stale by another instance is never trusted.
 */
export class StreamStateCache {
  private readonly states = new Map<string, StreamHead>();

  constructor(private readonly capacity: number) {}

  get(customerId: string): StreamHead | undefined {
    const state = this.states.get(customerId);
    if (state) this.set(customerId, state);
    return state;
  }

  set(customerId: string, state: StreamHead): void {
    this.states.delete(customerId);
    this.states.set(customerId, state);
    if (this.states.size > this.capacity) this.states.delete(this.states.keys().next().value!);
  }

  forget(customerId: string): void {
    this.states.delete(customerId);
  }
}
