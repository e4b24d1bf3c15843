import { Actor, CustomerAccountCommand, StoredEvent } from '@app/domain';
import {
  CommandAlreadyCommitted,
  CommandLog,
  CommandLogEntry,
  EventCommit,
  EventStore,
  SecurityLogEntry,
  StreamVersionConflict,
} from '@app/event-store';
import { PersonalDataVault } from '@app/personal-data';
import { OTHER_PARTNER_ID, PARTNER_ID, SAMPLE_BILLING_PROFILE, SAMPLE_COMPANY_PROFILE } from '@app/fixtures';
import { invalidRequest } from '../problems/problem';
import { ForgetSideEffects } from '../forget/forget-side-effects';
import { CommandProcessor } from './command-processor';
import { ProcessAccountCommand, ProcessAccountCommandHandler } from './process-account-command';
import { CommandResult } from './command-result';

const CUSTOMER_ID = '0d3f4c6e-5b1a-4f1e-9a57-0c2d7f7a1b10';
const ACTOR = { partnerId: PARTNER_ID, userPrincipalName: 'admin@partner.example', applicationId: 'crm', roles: ['AdminAgent' as const] };

/** The event store's and the command log's contracts in memory: which ids were asked for is what these tests watch. */
class StoresInMemory {
  readonly commits: EventCommit[] = [];
  readonly logged = new Map<string, CommandLogEntry<CommandResult>>();
  readonly logLookups: string[] = [];
  readonly conflicts: number[] = [];
  readonly refusals: Array<Omit<SecurityLogEntry, '_id'>> = [];
  readonly securityLog = { record: async (entry: Omit<SecurityLogEntry, '_id'>) => void this.refusals.push(entry) };

  readonly eventStore = {
    findCommit: async (commandId: string) => this.commits.find((commit) => commit._id === commandId) ?? null,
    readStoredStream: async (customerId: string) =>
      this.commits.filter((commit) => commit.customerId === customerId).flatMap((commit) => commit.events),
    openToFoldThroughTheLast: async (events: StoredEvent[]) => events,
    append: async (commit: EventCommit) => {
      // A turn of the event loop between the check and the write, as a round trip to the store gives.
      await new Promise((resolve) => setImmediate(resolve));
      if (this.commits.some((stored) => stored._id === commit._id)) throw new CommandAlreadyCommitted(commit._id);
      if (this.commits.some((stored) => stored.customerId === commit.customerId && stored.lastVersion >= commit.firstVersion)) {
        this.conflicts.push(commit.firstVersion);
        throw new StreamVersionConflict(commit.customerId, commit.firstVersion);
      }
      this.commits.push(commit);
    },
  } as unknown as EventStore;

  readonly commandLog = {
    find: async (commandId: string) => {
      this.logLookups.push(commandId);
      return this.logged.get(commandId) ?? null;
    },
    recordFirst: async (entry: CommandLogEntry<CommandResult>) => {
      if (!this.logged.has(entry._id)) this.logged.set(entry._id, entry);
      return this.logged.get(entry._id)!;
    },
  } as unknown as CommandLog<CommandResult>;
}

/** Personal values left as they are: sealing is the vault's own tests' concern. */
const PLAIN_VAULT = { seal: async (events: unknown) => events, forget: async () => undefined } as unknown as PersonalDataVault;

function processorOver(stores: StoresInMemory): CommandProcessor {
  return new CommandProcessor(stores.eventStore, stores.commandLog, stores.securityLog, PLAIN_VAULT, () => undefined);
}

function register(commandId: string, commandIdIssuedByService?: true): CustomerAccountCommand {
  return {
    type: 'RegisterCustomer',
    data: { customerId: CUSTOMER_ID, companyProfile: SAMPLE_COMPANY_PROFILE, billingProfile: SAMPLE_BILLING_PROFILE },
    metadata: {
      commandId,
      correlationId: commandId,
      actor: ACTOR,
      receivedAt: '2026-12-01T03:00:00.000Z',
      ...(commandIdIssuedByService && { commandIdIssuedByService }),
    },
  };
}

function renameCompany(commandId: string, companyName: string, actor: Actor = ACTOR): CustomerAccountCommand {
  return {
    type: 'UpdateCustomerDetails',
    data: { customerId: CUSTOMER_ID, companyProfile: { companyName } },
    metadata: { commandId, correlationId: commandId, actor, receivedAt: '2026-12-01T03:00:00.000Z' },
  };
}

function forget(commandId: string, actor: Actor = ACTOR): CustomerAccountCommand {
  return {
    type: 'ForgetCustomerPersonalData',
    data: { customerId: CUSTOMER_ID },
    metadata: { commandId, correlationId: commandId, actor, receivedAt: '2026-12-01T03:00:00.000Z' },
  };
}

describe("CommandProcessor: one customer's commands", () => {
  it('given commands of one customer at once, decides each on the one before: none races another for a version', async () => {
    const stores = new StoresInMemory();
    const processor = processorOver(stores);
    await processor.process(register('registered'));

    const processed = await Promise.all(
      ['Fabrikam', 'Northwind', 'Tailspin', 'Wingtip'].map((name, i) => processor.process(renameCompany(`rename-${i}`, name))),
    );

    expect(processed.map(({ result }) => result)).toEqual(
      [2, 3, 4, 5].map((version) => expect.objectContaining({ outcome: 'accepted', version })),
    );
    expect(stores.conflicts).toEqual([]);
    expect(stores.commits.map((commit) => commit.firstVersion)).toEqual([1, 2, 3, 4, 5]);
  });

  it('given another instance took the version first, decides again on the stream as stored, and tells of the conflict', async () => {
    const stores = new StoresInMemory();
    let conflicts = 0;
    const here = new CommandProcessor(stores.eventStore, stores.commandLog, stores.securityLog, PLAIN_VAULT, () => undefined, {
      appended: () => undefined,
      conflicted: () => (conflicts += 1),
    });
    const elsewhere = processorOver(stores);
    await here.process(register('registered')); // here remembers version 1

    await elsewhere.process(renameCompany('elsewhere', 'Fabrikam'));
    const processed = await here.process(renameCompany('here', 'Northwind'));

    expect(processed.result).toMatchObject({ outcome: 'accepted', version: 3 });
    expect(stores.conflicts).toEqual([2]);
    expect(conflicts).toBe(1);
  });
});

describe('CommandProcessor: earlier results', () => {
  it('given an id the client chose, looks for its first result before deciding, and answers a retry with it', async () => {
    const stores = new StoresInMemory();
    const firstResult: CommandResult = {
      commandId: 'retried',
      customerId: CUSTOMER_ID,
      commandType: 'RegisterCustomer',
      outcome: 'rejected',
      ...invalidRequest('the first delivery was refused'),
    };
    stores.logged.set('retried', {
      _id: 'retried',
      customerId: CUSTOMER_ID,
      commandType: 'RegisterCustomer',
      result: firstResult,
      recordedAt: new Date(),
      actor: ACTOR,
      correlationId: 'retried',
    });

    const processed = await processorOver(stores).process(register('retried'));

    expect(stores.logLookups).toEqual(['retried']);
    expect(processed).toEqual({ result: firstResult, replayed: true });
    expect(stores.commits).toEqual([]);
  });

  it('given an id the service issued for this request, decides at once: no earlier delivery can carry it', async () => {
    const stores = new StoresInMemory();

    const processed = await processorOver(stores).process(register('issued-here', true));

    expect(stores.logLookups).toEqual([]);
    expect(processed.result).toMatchObject({ commandId: 'issued-here', outcome: 'accepted', version: 1 });
    expect(stores.commits.map((commit) => commit._id)).toEqual(['issued-here']);
  });
});

describe('CommandProcessor: a command id in other hands', () => {
  const otherPartnersAdmin: Actor = { ...ACTOR, partnerId: OTHER_PARTNER_ID, userPrincipalName: 'admin@other.example' };
  const auditor: Actor = { ...ACTOR, roles: ['Auditor'] };

  it("given another partner's admin sends a known id, answers 403 and not the stored result", async () => {
    const stores = new StoresInMemory();
    const processor = processorOver(stores);
    await processor.process(register('registered'));
    const first = await processor.process(renameCompany('renamed', 'Fabrikam'));

    const borrowed = await processor.process(renameCompany('renamed', 'Fabrikam', otherPartnersAdmin));

    expect(first.result).toMatchObject({ outcome: 'accepted', version: 2 });
    expect(borrowed).toEqual({ result: expect.objectContaining({ outcome: 'rejected', status: 403, code: 20002 }), replayed: false });
    // Recorded against the sender's partner, not in our customer's record.
    expect(stores.refusals).toEqual([
      expect.objectContaining({ partnerId: OTHER_PARTNER_ID, commandId: 'renamed', customerId: CUSTOMER_ID, status: 403, code: 20002 }),
    ]);
    expect([...stores.logged.keys()]).toEqual([]);
  });

  it("given another partner uses a known id for a customer of its own, decides its command as its own: ids are each partner's", async () => {
    const stores = new StoresInMemory();
    const processor = processorOver(stores);
    const ours = await processor.process(register('registered'));
    const theirCustomer = '7a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    const theirs = {
      ...register('registered'),
      data: { ...register('registered').data, customerId: theirCustomer },
      metadata: { ...register('registered').metadata, actor: otherPartnersAdmin },
    } as CustomerAccountCommand;

    const first = await processor.process(theirs);
    const retried = await processor.process(theirs);
    const oursAgain = await processor.process(register('registered'));

    expect(first).toEqual({
      result: expect.objectContaining({ outcome: 'accepted', commandId: 'registered', customerId: theirCustomer, version: 1 }),
      replayed: false,
    });
    expect(retried).toEqual({ result: first.result, replayed: true });
    expect(oursAgain).toEqual({ result: ours.result, replayed: true });
    expect(stores.commits.map((commit) => [commit._id, commit.customerId])).toEqual([
      ['registered', CUSTOMER_ID],
      [`${OTHER_PARTNER_ID}:registered`, theirCustomer],
    ]);
    expect(stores.refusals).toEqual([]);
  });

  it("given another partner's id reused for a rejected command of its own, logs that rejection apart and answers it again", async () => {
    const stores = new StoresInMemory();
    const processor = processorOver(stores);
    await processor.process(register('registered'));
    await processor.process(renameCompany('renamed', 'Fabrikam'));
    const missing = {
      ...renameCompany('renamed', 'Northwind', otherPartnersAdmin),
      data: { customerId: '7a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', companyProfile: { companyName: 'Northwind' } },
    } as CustomerAccountCommand;

    const first = await processor.process(missing);
    const retried = await processor.process(missing);

    expect(first.result).toMatchObject({ outcome: 'rejected', status: 404, commandId: 'renamed' });
    expect(retried).toEqual({ result: first.result, replayed: true });
    expect([...stores.logged.keys()]).toEqual([`${OTHER_PARTNER_ID}:renamed`]);
    expect(stores.logged.get(`${OTHER_PARTNER_ID}:renamed`)).toMatchObject({ commandId: 'renamed' });
  });

  it('given a role that may not send the command uses its id, answers 403: a replay is authorized as the command would be', async () => {
    const stores = new StoresInMemory();
    const processor = processorOver(stores);
    await processor.process(register('registered'));
    await processor.process(renameCompany('renamed', 'Fabrikam'));

    const borrowed = await processor.process(renameCompany('renamed', 'Fabrikam', auditor));

    expect(borrowed.result).toMatchObject({ outcome: 'rejected', status: 403, code: 900150 });
    expect(stores.refusals).toEqual([
      expect.objectContaining({
        partnerId: PARTNER_ID,
        actor: expect.objectContaining({ partnerId: PARTNER_ID }),
        status: 403,
        code: 900150,
      }),
    ]);
  });

  it('given a role without the right, refuses the command into the security log and leaves the command log to the customer', async () => {
    const stores = new StoresInMemory();
    const processor = processorOver(stores);
    await processor.process(register('registered'));

    const refused = await processor.process(renameCompany('by-the-auditor', 'Fabrikam', auditor));
    const again = await processor.process(renameCompany('by-the-auditor', 'Fabrikam', auditor));

    expect([refused.result, again.result]).toEqual([
      expect.objectContaining({ status: 403, code: 900150 }),
      expect.objectContaining({ status: 403, code: 900150 }),
    ]);
    expect(stores.logged.has('by-the-auditor')).toBe(false);
    // Each attempt is an attempt.
    expect(stores.refusals.map((entry) => entry.commandId)).toEqual(['by-the-auditor', 'by-the-auditor']);
  });

  it('given the same id with the same command and customer but another body, answers 409 and changes nothing', async () => {
    const stores = new StoresInMemory();
    const processor = processorOver(stores);
    await processor.process(register('registered'));
    await processor.process(renameCompany('renamed', 'Fabrikam'));

    const reused = await processor.process(renameCompany('renamed', 'Northwind'));

    expect(reused.result).toMatchObject({
      outcome: 'rejected',
      status: 409,
      detail: expect.stringContaining('another UpdateCustomerDetails'),
    });
    expect(stores.commits).toHaveLength(2);
  });

  /** The command side as Nest runs it: the processor, then the forget's side effects. */
  function commandSideOver(stores: StoresInMemory) {
    const destroyed: Array<[string, number | undefined]> = [];
    let trims = 0;
    const vault = {
      ...PLAIN_VAULT,
      forget: async (customerId: string, before?: number) => void destroyed.push([customerId, before]),
    } as unknown as PersonalDataVault;
    const processor = new CommandProcessor(stores.eventStore, stores.commandLog, stores.securityLog, vault, () => undefined);
    const forgetting = new ForgetSideEffects(vault, { trimProcessed: async () => void (trims += 1) }, (customerId) =>
      processor.forgetCached(customerId),
    );
    const handler = new ProcessAccountCommandHandler(processor, forgetting);
    return {
      destroyed,
      trims: () => trims,
      send: (command: CustomerAccountCommand) => handler.execute(new ProcessAccountCommand(command)),
    };
  }

  it("given a forget's id sent again, answers it again and destroys no key: the customer's key may be a new one", async () => {
    const side = commandSideOver(new StoresInMemory());
    await side.send(register('registered'));
    await side.send(forget('forgotten'));

    const again = await side.send(forget('forgotten'));

    expect(again).toMatchObject({ result: { outcome: 'accepted' }, replayed: true });
    expect(side.destroyed).toEqual([[CUSTOMER_ID, 2]]);
    expect(side.trims()).toBe(1);
  });

  it('given a forget, destroys only the keys made before its version: one made since by another instance holds data given after it', async () => {
    const side = commandSideOver(new StoresInMemory());
    await side.send(register('registered'));
    await side.send(renameCompany('renamed', 'Fabrikam'));

    const forgotten = await side.send(forget('forgotten'));
    const nothingLeft = await side.send(forget('forgotten-again'));

    expect([forgotten.result, nothingLeft.result]).toEqual([
      expect.objectContaining({ version: 3 }),
      expect.objectContaining({ version: 3, events: [] }),
    ]);
    expect(side.destroyed).toEqual([
      [CUSTOMER_ID, 3],
      [CUSTOMER_ID, 4],
    ]);
  });

  it('given a forget refused, runs none of its side effects', async () => {
    const side = commandSideOver(new StoresInMemory());
    await side.send(register('registered'));

    const refused = await side.send(forget('by-the-auditor', auditor));

    expect(refused.result).toMatchObject({ outcome: 'rejected', status: 403 });
    expect([side.destroyed, side.trims()]).toEqual([[], 0]);
  });
});
