import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The conversation a piece of work belongs to (MS-CorrelationId over HTTP, the envelope's
 * correlationId on Kafka), carried through every await so that each log line names it.
 */
const storage = new AsyncLocalStorage<{ correlationId: string }>();

export function withCorrelation<T>(correlationId: string, work: () => T): T {
  return storage.run({ correlationId }, work);
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}
