import { RecordedEvent } from '@app/domain';
import { canonicalJson, chainEvents, findChainBreak, GENESIS_HASH, StoredChainEvent } from './hash-chain';

const CUSTOMER = 'c-1';
const event = (version: number, city: string): RecordedEvent => ({
  type: 'BillingProfileUpdated',
  data: { changes: [{ field: 'defaultAddress.city', oldValue: 'Before', newValue: city }] },
  eventId: `e-${version}`,
  customerId: CUSTOMER,
  partnerId: 'p-1',
  version,
  schemaVersion: 2,
  operationType: 'update_customer_billing_profile',
  occurredAt: `2026-11-24T10:00:0${version}.000Z`,
  actor: { userPrincipalName: 'admin@partner.example', applicationId: 'crm', partnerId: 'p-1' },
  correlationId: 'k-1',
  causationId: `command-${version}`,
});
const stream = () => chainEvents([event(1, 'Redmond'), event(2, 'Seattle'), event(3, 'Tacoma')], GENESIS_HASH);

describe('The hash chain of a stream', () => {
  it('links each event to the one before it, from the genesis hash', () => {
    const [first, second, third] = stream();
    expect(first.previousHash).toBe(GENESIS_HASH);
    expect(second.previousHash).toBe(first.hash);
    expect(third.previousHash).toBe(second.hash);
    expect(findChainBreak(CUSTOMER, stream())).toBeNull();
  });

  it('does not depend on the order in which storage returns the keys', () => {
    const reordered = stream().map((e) => Object.fromEntries(Object.entries(e).reverse()) as typeof e);
    expect(findChainBreak(CUSTOMER, reordered)).toBeNull();
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  });

  it('names the version whose content was edited', () => {
    const edited: StoredChainEvent[] = stream();
    edited[1] = { ...edited[1], data: { changes: [{ field: 'defaultAddress.city', oldValue: 'Before', newValue: 'Bellevue' }] } };
    expect(findChainBreak(CUSTOMER, edited)).toMatchObject({ customerId: CUSTOMER, version: 2, problem: 'altered' });
  });

  it('names the version that was deleted', () => {
    const [first, , third] = stream();
    expect(findChainBreak(CUSTOMER, [first, third])).toMatchObject({ version: 2, problem: 'missing' });
  });

  it('names the place where events were swapped', () => {
    const [first, second, third] = stream();
    expect(findChainBreak(CUSTOMER, [first, third, second])).toMatchObject({ version: 2, problem: 'out-of-order' });
  });

  it('notices an event moved whole to another position, with its version rewritten and rehashed by a forger without the chain', () => {
    const [first, second, third] = stream();
    const [forged] = chainEvents([{ ...event(2, 'Tacoma'), eventId: third.eventId }], 'f'.repeat(64));
    expect(findChainBreak(CUSTOMER, [first, forged, { ...second, version: 3 }])).toMatchObject({ version: 2, problem: 'out-of-order' });
  });

  it('reports events written before the chain as unchained', () => {
    const { hash, previousHash, ...legacy } = stream()[0];
    expect(findChainBreak(CUSTOMER, [legacy])).toMatchObject({ version: 1, problem: 'unchained' });
  });
});
