import 'reflect-metadata';
import {
  Aggregate,
  AggregateRoot,
  CommandBus,
  CommandHandler,
  Event,
  EventEnvelope,
  EventHandler,
  EventSourcingModule,
  EventStore,
  EventStream,
  ICommand,
  ICommandHandler,
  IEvent,
  IEventHandler,
  Id,
} from '@ocoda/event-sourcing';
import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Db, MongoClient } from 'mongodb';
import { serveBenchRoutes } from '../../bench-http-routes';

// The bench's update with @ocoda/event-sourcing on MongoDB, in a Nest application context as
// the library is meant to be used: a command handler that loads the aggregate from its events,
// applies the change and appends with the expected version (again, from a fresh load, when
// another append took the version), and an event handler that keeps the account's read model,
// which the library's event bus runs before the append returns.
const READ_MODEL = Symbol('ReadModelDb');
const RETRIES_ON_CONFLICT = 10;

@Event('customer-registered')
class CustomerRegistered implements IEvent {
  constructor(
    readonly customerId: string,
    readonly companyProfile: object,
    readonly billingProfile: object,
  ) {}
}

@Event('company-name-changed')
class CompanyNameChanged implements IEvent {
  constructor(readonly companyName: string) {}
}

@Aggregate({ streamName: 'customer' })
class Customer extends AggregateRoot {
  registered = false;
  companyName?: string;

  onCustomerRegistered() {
    this.registered = true;
  }

  onCompanyNameChanged(event: CompanyNameChanged) {
    this.companyName = event.companyName;
  }
}

class RegisterCustomer implements ICommand {
  constructor(
    readonly customerId: string,
    readonly companyProfile: object,
    readonly billingProfile: object,
  ) {}
}

class ChangeCompanyName implements ICommand {
  constructor(
    readonly customerId: string,
    readonly companyName: string,
  ) {}
}

/** Loads, decides, appends; on a lost race for the version, loads again. */
async function changeCustomer(store: EventStore, customerId: string, decide: (customer: Customer) => IEvent): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const stream = EventStream.for(Customer, Id.from(customerId));
    const customer = new Customer();
    await customer.loadFromHistory(store.getEvents(stream));
    customer.applyEvent(decide(customer));
    try {
      await store.appendEvents(stream, customer.version, customer.commit());
      return customer.version;
    } catch (error) {
      if ((error as { code?: number }).code !== 11000 || attempt >= RETRIES_ON_CONFLICT) throw error;
    }
  }
}

@CommandHandler(RegisterCustomer)
class RegisterCustomerHandler implements ICommandHandler {
  constructor(private readonly store: EventStore) {}

  execute(command: RegisterCustomer): Promise<number> {
    return changeCustomer(this.store, command.customerId, (customer) => {
      if (customer.registered) throw new Error('already registered');
      return new CustomerRegistered(command.customerId, command.companyProfile, command.billingProfile);
    });
  }
}

@CommandHandler(ChangeCompanyName)
class ChangeCompanyNameHandler implements ICommandHandler {
  constructor(private readonly store: EventStore) {}

  execute(command: ChangeCompanyName): Promise<number> {
    return changeCustomer(this.store, command.customerId, (customer) => {
      if (!customer.registered) throw new Error('no such customer');
      return new CompanyNameChanged(command.companyName);
    });
  }
}

@EventHandler(CustomerRegistered, CompanyNameChanged)
class AccountView implements IEventHandler {
  constructor(@Inject(READ_MODEL) private readonly db: Db) {}

  async handle(envelope: EventEnvelope<CustomerRegistered | CompanyNameChanged>): Promise<void> {
    const { aggregateId, version } = envelope.metadata;
    const companyName = (envelope.payload as { companyName?: string }).companyName;
    await this.db
      .collection<{ _id: string }>('accounts')
      .updateOne({ _id: aggregateId }, { $set: { version, ...(companyName !== undefined && { companyName }) } }, { upsert: true });
  }
}

@Module({
  imports: [
    EventSourcingModule.forRoot({
      events: [CustomerRegistered, CompanyNameChanged],
      eventStore: { client: 'mongodb', options: { url: process.env.PEER_MONGODB_URI! } },
    }),
  ],
  providers: [
    { provide: READ_MODEL, useFactory: async () => (await MongoClient.connect(process.env.PEER_MONGODB_URI!)).db() },
    RegisterCustomerHandler,
    ChangeCompanyNameHandler,
    AccountView,
  ],
})
class PeerModule implements OnModuleInit {
  constructor(private readonly store: EventStore) {}

  async onModuleInit(): Promise<void> {
    await this.store.setup();
  }
}

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(PeerModule, { logger: ['error'] });
  await app.init();
  const commands = app.get(CommandBus);
  const { url, server } = await serveBenchRoutes({
    register: (customerId, body) => commands.execute(new RegisterCustomer(customerId, body.companyProfile, body.billingProfile)),
    updateCompanyName: (customerId, companyName) => commands.execute(new ChangeCompanyName(customerId, companyName)),
  });
  // The line the bench reads, as it reads the apps'.
  console.log(`HTTP on ${url}`);
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
