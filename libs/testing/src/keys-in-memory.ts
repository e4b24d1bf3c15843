// The customer key store's contract in memory, for unit tests of what opens and seals
// personal values: their logic needs no database. Imported by path, not through the index,
// so that those suites load no app, Kafka or MongoDB client.
import { randomBytes, randomUUID } from 'node:crypto';
import type { CustomerKey, KeyStore } from '@app/personal-data';

export class KeysInMemory implements KeyStore {
  readonly keys = new Map<string, CustomerKey>();

  async findMany(customerIds: string[]) {
    return new Map(
      customerIds.flatMap((customerId) => (this.keys.has(customerId) ? [[customerId, this.keys.get(customerId)!] as const] : [])),
    );
  }

  async findOrCreate(customerId: string, version: number) {
    if (!this.keys.has(customerId)) this.keys.set(customerId, { keyId: randomUUID(), key: randomBytes(32), firstVersion: version });
    return this.keys.get(customerId)!;
  }

  async destroy(customerId: string, before?: number) {
    const key = this.keys.get(customerId);
    if (!key || (before !== undefined && key.firstVersion >= before)) return false;
    return this.keys.delete(customerId);
  }
}
