import { CustomerAccountState } from '@app/domain';

/**
 * The folded state of recently used streams, least recently used dropped first. Only an
 * optimisation: a decision that produces events is checked by the unique stream position
 * when it is appended, and one that produces none is checked against the store before it
 * is answered, so a copy made stale by another instance is never trusted.
 */
export class StreamStateCache {
  private readonly states = new Map<string, CustomerAccountState>();

  constructor(private readonly capacity: number) {}

  get(customerId: string): CustomerAccountState | undefined {
    const state = this.states.get(customerId);
    if (state) this.set(customerId, state);
    return state;
  }

  set(customerId: string, state: CustomerAccountState): void {
    this.states.delete(customerId);
    this.states.set(customerId, state);
    if (this.states.size > this.capacity) this.states.delete(this.states.keys().next().value!);
  }

  forget(customerId: string): void {
    this.states.delete(customerId);
  }
}
