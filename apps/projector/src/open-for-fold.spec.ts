import { RecordedEvent } from '@app/domain';
import { KeyStore, PersonalDataVault, SealedValue } from '@app/personal-data';
import { randomUUID } from 'node:crypto';
import { KeysInMemory, seededStream } from '@app/testing';
import { openForFold } from './open-for-fold';

/** Two customers' sealed streams, as the events topic carries them. */
async function sealedEventsOfTwoCustomers(vault: PersonalDataVault): Promise<RecordedEvent[]> {
  const streams = [await seededStream(vault, randomUUID(), 2), await seededStream(vault, randomUUID(), 2)];
  return streams.flatMap((stream) => stream.commits.flatMap((commit) => commit.events)) as unknown as RecordedEvent[];
}

function emailOf(event: RecordedEvent): unknown {
  return (event.data as { billingProfile?: { email?: unknown } }).billingProfile?.email;
}

describe('openForFold', () => {
  it('given a registration whose sealed email was altered on the way, when a batch is opened, then that event alone is poison, with the field named, and the rest open', async () => {
    const vault = new PersonalDataVault(new KeysInMemory());
    const events = await sealedEventsOfTwoCustomers(vault);
    const altered = events[2];
    const sealed = emailOf(altered) as SealedValue;
    const flipped = sealed.ciphertext[20] === 'A' ? 'B' : 'A';
    (altered.data as unknown as { billingProfile: { email: SealedValue } }).billingProfile.email = {
      ...sealed,
      ciphertext: `${sealed.ciphertext.slice(0, 20)}${flipped}${sealed.ciphertext.slice(21)}`,
    };

    const poisoned: Array<{ event: RecordedEvent; reason: string }> = [];
    const opened = await openForFold(vault, events, (event, reason) => poisoned.push({ event, reason }));

    expect(poisoned.map(({ event, reason }) => ({ eventId: event.eventId, reason }))).toEqual([
      {
        eventId: altered.eventId,
        reason: expect.stringMatching(/^The sealed value of billingProfile\.email in event \S+ does not open: /),
      },
    ]);
    expect(opened.map((event) => event.eventId)).toEqual([events[0], events[1], events[3]].map((event) => event.eventId));
    expect(emailOf(opened[0])).toBe('alex@contoso.com');
  });

  it('given a key store out of reach, when a batch is opened, then the failure is thrown and no event is set aside', async () => {
    const events = await sealedEventsOfTwoCustomers(new PersonalDataVault(new KeysInMemory()));
    const unreachable: KeyStore = {
      findMany: async () => {
        throw new Error('connection to 127.0.0.1:27017 closed');
      },
      findOrCreate: async () => {
        throw new Error('not used');
      },
      destroy: async () => false,
    };

    const poisoned: RecordedEvent[] = [];
    await expect(openForFold(new PersonalDataVault(unreachable), events, (event) => poisoned.push(event))).rejects.toThrow(
      'connection to 127.0.0.1:27017 closed',
    );
    expect(poisoned).toEqual([]);
  });
});
