import { ServiceConfig } from '@app/config';
import { RecordedEvent, StoredEvent, upcastEvent } from '@app/domain';
import { MongoClient } from 'mongodb';
import { CustomerKey, CustomerKeyStore } from './customer-key-store';
import { mapPersonalValues, ValuePlace } from './personal-values';
import { decrypt, encrypt, isSealedValue, SealedValue } from './sealed-value';
import { SealedValueDoesNotOpen } from './sealed-value-does-not-open';

/** What the vault needs of a key store (a fake one serves its unit tests). */
export type KeyStore = Pick<CustomerKeyStore, 'findMany' | 'findOrCreate' | 'destroy'>;

const boundTo = (event: { customerId: string; eventId: string }, place: ValuePlace) =>
  `${event.customerId}/${event.eventId}/${place.field}/${place.slot}`;

/**
 * Seals personal values before events are stored and published, and opens them for
 * whoever reads events: the command side, the projector, replays and auditors. Once a
 * customer's key is destroyed, their values open as erased, and the event names them.
 */
export class PersonalDataVault {
  constructor(private readonly keys: KeyStore) {}

  /** The customer's events as they are to be stored: every personal value sealed. All events are one customer's. */
  async seal(events: RecordedEvent[]): Promise<StoredEvent[]> {
    let key: CustomerKey | undefined;
    const sealed: StoredEvent[] = [];
    for (const event of events) {
      const places: Array<{ value: string; place: ValuePlace }> = [];
      mapPersonalValues(event, (value, place) => places.push({ value: value as string, place }));
      if (places.length > 0) key ??= await this.keys.findOrCreate(event.customerId, event.version);
      sealed.push(
        mapPersonalValues(event, (value, place): SealedValue => ({
          sealedWith: key!.keyId,
          ciphertext: encrypt(Buffer.from(value as string, 'utf8'), key!.key, boundTo(event, place)),
        })) as StoredEvent,
      );
    }
    return sealed;
  }

  /** Stored events of any customers, in today's schema with their personal values in the clear, or erased. */
  open(stored: StoredEvent[]): Promise<RecordedEvent[]> {
    return this.opened(stored, () => true);
  }

  /**
   * The events as a fold needs them: old values of changes are left out unopened, because
   * evolving never reads them. A change of a personal field carries two sealed values, so
   * this spares a stream of changes up to half its decrypting, which is most of the work
   * of the projector and of a replay. Not for readers that show the events.
   */
  openToFold(stored: StoredEvent[]): Promise<RecordedEvent[]> {
    return this.opened(stored, (place) => place.slot !== 'oldValue');
  }

  /**
   * As `openToFold`, for a fold of each customer's events given here through to the last of
   * them, whose state is read only at the end (a replay, the command side's load of a stream):
   * a value that a later change among them sets again is left out unopened too, since the fold
   * overwrites it before its end. Not for the projector, which may stop at a gap and write the
   * state it reached.
   */
  openToFoldThroughTheLast(stored: StoredEvent[]): Promise<RecordedEvent[]> {
    const lastSetAt = versionsSettingEachField(stored);
    return this.opened(
      stored,
      (place, event) => place.slot !== 'oldValue' && (lastSetAt.get(`${event.customerId}/${place.field}`) ?? 0) <= event.version,
    );
  }

  private async opened(stored: StoredEvent[], wanted: (place: ValuePlace, event: StoredEvent) => boolean): Promise<RecordedEvent[]> {
    const keys = await this.keysToOpen(stored);
    return stored.map((event) => {
      const key = keys.get(event.customerId);
      const erased: string[] = [];
      const plain = mapPersonalValues(event, (value, place) => {
        if (!wanted(place, event)) return undefined;
        // Values written before sealing existed are plain text; they stay readable.
        if (!isSealedValue(value)) return value;
        if (!key || key.keyId !== value.sealedWith) {
          erased.push(place.field);
          return undefined;
        }
        try {
          return decrypt(value.ciphertext, key.key, boundTo(event, place)).toString('utf8');
        } catch (error) {
          throw new SealedValueDoesNotOpen(place.field, event.eventId, error);
        }
      });
      const recorded = upcastEvent(plain);
      return erased.length > 0 ? { ...recorded, erasedFields: [...new Set(erased)].sort() } : recorded;
    });
  }

  /**
   * The keys of every customer with a sealed value among these events, in one query: a
   * replay opens the streams of hundreds of customers at once.
   */
  private async keysToOpen(stored: StoredEvent[]): Promise<Map<string, CustomerKey>> {
    const customers = new Set<string>();
    for (const event of stored) {
      if (customers.has(event.customerId)) continue;
      mapPersonalValues(event, (value) => {
        if (isSealedValue(value)) customers.add(event.customerId);
        return value;
      });
    }
    return this.keys.findMany([...customers]);
  }

  /** Destroys the customer's key: every sealed value of theirs is unreadable from now on. */
  async forget(customerId: string, keysBeforeVersion?: number): Promise<boolean> {
    return this.keys.destroy(customerId, keysBeforeVersion);
  }
}

/**
 * The last version that gives each customer's personal field a new value, by
 * `customerId/field`: a change that removes a field does not count, as evolving it does not
 * clear an erased field the way a new value does.
 */
function versionsSettingEachField(stored: StoredEvent[]): Map<string, number> {
  const versions = new Map<string, number>();
  for (const event of stored) {
    mapPersonalValues(event, (value, place) => {
      if (place.slot !== 'newValue') return value;
      const field = `${event.customerId}/${place.field}`;
      versions.set(field, Math.max(versions.get(field) ?? 0, event.version));
      return value;
    });
  }
  return versions;
}

/** The vault over the keys database a configuration names. */
export function vaultFor(
  client: MongoClient,
  config: Pick<ServiceConfig, 'personalDataKeysDatabase' | 'personalDataMasterKey'>,
): PersonalDataVault {
  return new PersonalDataVault(new CustomerKeyStore(client.db(config.personalDataKeysDatabase), config.personalDataMasterKey));
}
