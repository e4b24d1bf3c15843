import { ServiceConfig } from '@app/config';
import {
  Actor,
  CustomerAccountCommand,
  CustomerAccountEvent,
  CustomerAccountState,
  DomainError,
  decide,
  fold,
  recordEvents,
  ROLES,
} from '@app/domain';
import { chainEvents, findChainBreak, GENESIS_HASH } from '@app/event-store';
import { billingProfile, companyProfile, OTHER_PARTNER_ID, PARTNER_ID, sampleRegistration } from '@app/testing';

const SAMPLE_BILLING_PROFILE = billingProfile();
const SAMPLE_COMPANY_PROFILE = companyProfile();
import { CommandBus } from '@nestjs/cqrs';
import fc from 'fast-check';
import { BSON } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { ForgetCustomerPersonalDataMessageController } from '../src/commands/forget-customer-personal-data/forget-customer-personal-data.message.controller';
import { GrantPurchasePermissionHttpController } from '../src/commands/grant-purchase-permission/grant-purchase-permission.http.controller';
import { GrantPurchasePermissionMessageController } from '../src/commands/grant-purchase-permission/grant-purchase-permission.message.controller';
import { RegisterCustomerHttpController } from '../src/commands/register-customer/register-customer.http.controller';
import { RegisterCustomerMessageController } from '../src/commands/register-customer/register-customer.message.controller';
import { RegisterCustomerPayloadDto, RegisterCustomerRequestDto } from '../src/commands/register-customer/register-customer.request.dto';
import { RevokePurchasePermissionMessageController } from '../src/commands/revoke-purchase-permission/revoke-purchase-permission.message.controller';
import { UpdateCustomerDetailsHttpController } from '../src/commands/update-customer-details/update-customer-details.http.controller';
import { UpdateCustomerDetailsMessageController } from '../src/commands/update-customer-details/update-customer-details.message.controller';
import { UpdateCustomerDetailsRequestDto } from '../src/commands/update-customer-details/update-customer-details.request.dto';
import { PurchasePermissionPayloadDto } from '../src/commands/purchase-permission.payload.dto';
import { HttpCommandIntake } from '../src/http/http-command-intake';
import { ProblemException } from '../src/http/problem.exception';
import { CommandEnvelopeDto } from '../src/kafka/command-envelope.dto';
import { KafkaCommandIntake } from '../src/kafka/kafka-command-intake';
import { CommandMetrics } from '../src/observability/command-metrics';
import { BillingProfileDto, BillingProfilePatchDto } from '../src/validation/dto/billing-profile.dto';
import { CompanyProfilePatchDto } from '../src/validation/dto/company-profile.dto';
import { validatePayload } from '../src/validation/validate-payload';
import { FUZZ_SEED, fuzzRuns, hostileString, hostileValue, onTheWire, payloadFor } from './hostile-payloads';

// What callers control, generated: every payload runs the real validation, the real
// controllers and intakes, and the real `decide`. The only way out is events or a DomainError.

const CUSTOMER_ID = '0d3f4c6e-5b1a-4f1e-9a57-0c2d7f7a1b10';

const registered = sampleRegistration(CUSTOMER_ID);
const STATES: Record<string, CustomerAccountState> = {
  absent: fold([]),
  registered: fold([registered]),
  forgotten: fold([
    registered,
    {
      type: 'CustomerPersonalDataForgotten',
      data: { fields: ['billingProfile.email', 'billingProfile.firstName', 'billingProfile.defaultAddress.city'] },
    },
  ]),
  withPermission: fold([
    registered,
    { type: 'PurchasePermissionGranted', data: { resource: 'AzureReservedInstances', action: 'Purchase' } },
  ]),
};

const actor: fc.Arbitrary<Actor> = fc.record({
  userPrincipalName: fc.constant('agent@partner.example'),
  applicationId: fc.constant('app'),
  partnerId: fc.oneof({ weight: 3, arbitrary: fc.constant(PARTNER_ID) }, { weight: 1, arbitrary: fc.constant(OTHER_PARTNER_ID) }),
  roles: fc.oneof(
    { weight: 3, arbitrary: fc.constant<Actor['roles']>(['AdminAgent']) },
    { weight: 1, arbitrary: fc.subarray([...ROLES], { minLength: 1 }) },
  ),
});

/**
 * Stands in for the command side's bus with the part that matters here: `decide` on a given
 * state, then the events sealed into a hash chain, through BSON (the store's encoding) and
 * checked again, as `verify` would. A DomainError becomes the rejection the processor returns.
 */
class DecidingBus {
  decided = 0;

  constructor(private readonly state: CustomerAccountState) {}

  async execute({ command }: { command: CustomerAccountCommand }) {
    let events: CustomerAccountEvent[];
    try {
      events = decide(command, this.state);
    } catch (error) {
      if (error instanceof DomainError)
        return {
          result: {
            commandId: command.metadata.commandId,
            customerId: command.data.customerId,
            commandType: command.type,
            outcome: 'rejected',
            status: 400,
            code: error.code,
          },
          replayed: false,
        };
      throw error;
    }
    this.decided += 1;
    // Numbered from 1, as a whole stream, so that the chain check reads it from its start.
    expectStorable(recordEvents(events, command, PARTNER_ID, { version: 0 }, randomUUID));
    return {
      result: {
        commandId: command.metadata.commandId,
        customerId: command.data.customerId,
        commandType: command.type,
        outcome: 'accepted',
        status: 200,
        version: this.state.version + events.length,
        events: [],
      },
      replayed: false,
    };
  }
}

/** The store keeps text as UTF-8 (MongoDB refuses anything else, FerretDB replaces it): what it keeps must hash the same. */
function expectStorable(events: object[]): void {
  const chained = chainEvents(events, GENESIS_HASH);
  const stored = asUtf8Keeps(BSON.deserialize(BSON.serialize({ events: chained })).events);
  expect(findChainBreak(CUSTOMER_ID, stored as never)).toBeNull();
}

function asUtf8Keeps(value: unknown): unknown {
  if (typeof value === 'string') return Buffer.from(value, 'utf8').toString('utf8');
  if (Array.isArray(value)) return value.map(asUtf8Keeps);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, asUtf8Keeps(child)]));
  return value;
}

const metrics = { answered: () => undefined } as unknown as CommandMetrics;

const kafkaRoutes = {
  RegisterCustomer: {
    payload: payloadFor(RegisterCustomerPayloadDto, { companyProfile: SAMPLE_COMPANY_PROFILE, billingProfile: SAMPLE_BILLING_PROFILE }),
    run: (intake: KafkaCommandIntake, envelope: never) => new RegisterCustomerMessageController(intake).register(envelope),
  },
  UpdateCustomerDetails: {
    payload: payloadFor(UpdateCustomerDetailsRequestDto, {
      billingProfile: { email: 'billing@contoso.com', defaultAddress: { city: 'Seattle', postalCode: '98101' } },
      companyProfile: { companyName: 'Contoso Ltd' },
    }),
    run: (intake: KafkaCommandIntake, envelope: never) => new UpdateCustomerDetailsMessageController(intake).update(envelope),
  },
  GrantPurchasePermission: {
    payload: payloadFor(PurchasePermissionPayloadDto, { resource: 'AzureSavingsPlan' }),
    run: (intake: KafkaCommandIntake, envelope: never) => new GrantPurchasePermissionMessageController(intake).grant(envelope),
  },
  RevokePurchasePermission: {
    payload: payloadFor(PurchasePermissionPayloadDto, { resource: 'AzureReservedInstances' }),
    run: (intake: KafkaCommandIntake, envelope: never) => new RevokePurchasePermissionMessageController(intake).revoke(envelope),
  },
  ForgetCustomerPersonalData: {
    payload: fc.oneof(fc.constant({}), payloadFor(PurchasePermissionPayloadDto, {})),
    run: (intake: KafkaCommandIntake, envelope: never) => new ForgetCustomerPersonalDataMessageController(intake).forget(envelope),
  },
};

/** A configuration that asks grants for a reason: refusing a command without one is a path of its own. */
const REASONS_FOR_GRANTS = { reasonRequiredFor: ['GrantPurchasePermission'] } as ServiceConfig;

describe(`any command a caller can send is decided or refused, never fails (seed ${FUZZ_SEED})`, () => {
  it.each(Object.keys(kafkaRoutes) as (keyof typeof kafkaRoutes)[])('on Kafka: %s', async (type) => {
    const route = kafkaRoutes[type];
    const envelope = fc.record(
      {
        commandId: fc.oneof({ weight: 5, arbitrary: fc.uuid() }, { weight: 1, arbitrary: hostileValue }),
        type: fc.constant<unknown>(type),
        customerId: fc.oneof(
          { weight: 5, arbitrary: fc.constant<unknown>(CUSTOMER_ID) },
          { weight: 1, arbitrary: fc.uuid() },
          { weight: 1, arbitrary: hostileValue },
        ),
        expectedVersion: fc.option(fc.oneof(fc.integer({ min: 0, max: 3 }), hostileValue), { nil: undefined }),
        correlationId: fc.option(fc.oneof(fc.uuid(), hostileValue), { nil: undefined }),
        reason: fc.option(fc.oneof(fc.string({ unit: 'grapheme' }), hostileValue), { nil: undefined }),
        payload: fc.oneof({ weight: 6, arbitrary: route.payload }, { weight: 1, arbitrary: hostileValue }),
      },
      { requiredKeys: ['commandId', 'type', 'customerId', 'payload'] },
    );
    let decided = 0;
    await fc.assert(
      fc.asyncProperty(envelope, fc.constantFrom(...Object.keys(STATES)), actor, async (message, state, acting) => {
        const read = validatePayload(CommandEnvelopeDto, onTheWire(message));
        if (!read.ok) return;
        const bus = new DecidingBus(STATES[state]);
        const result = await route.run(new KafkaCommandIntake(bus as unknown as CommandBus, REASONS_FOR_GRANTS), {
          ...read.value,
          actor: acting,
        } as never);
        expect(['accepted', 'rejected']).toContain(result.outcome);
        decided += bus.decided;
      }),
      { seed: FUZZ_SEED, numRuns: fuzzRuns(1000) },
    );
    // A generator that never reaches `decide` would prove nothing about it.
    expect(decided).toBeGreaterThan(0);
  });

  const httpRoutes = {
    'POST /customers': {
      body: payloadFor(RegisterCustomerRequestDto, {
        customerId: CUSTOMER_ID,
        companyProfile: SAMPLE_COMPANY_PROFILE,
        billingProfile: SAMPLE_BILLING_PROFILE,
      }),
      run: (intake: HttpCommandIntake, request: never, response: never) =>
        new RegisterCustomerHttpController(intake).register(request, response),
    },
    'PATCH /customers/{id}': {
      body: payloadFor(UpdateCustomerDetailsRequestDto, {
        billingProfile: { email: 'billing@contoso.com' },
        companyProfile: { companyName: 'Contoso Ltd' },
      }),
      run: (intake: HttpCommandIntake, request: never, response: never, id: string) =>
        new UpdateCustomerDetailsHttpController(intake).updateDetails(id, request, response),
    },
    'PUT /customers/{id}/billing-profile': {
      body: payloadFor(BillingProfileDto, SAMPLE_BILLING_PROFILE),
      run: (intake: HttpCommandIntake, request: never, response: never, id: string) =>
        new UpdateCustomerDetailsHttpController(intake).replaceBillingProfile(id, request, response),
    },
    'PATCH /customers/{id}/billing-profile': {
      body: payloadFor(BillingProfilePatchDto, { defaultAddress: { city: 'Seattle' }, email: 'new@contoso.com' }),
      run: (intake: HttpCommandIntake, request: never, response: never, id: string) =>
        new UpdateCustomerDetailsHttpController(intake).patchBillingProfile(id, request, response),
    },
    'PATCH /customers/{id}/company-profile': {
      body: payloadFor(CompanyProfilePatchDto, { companyName: 'Contoso Ltd' }),
      run: (intake: HttpCommandIntake, request: never, response: never, id: string) =>
        new UpdateCustomerDetailsHttpController(intake).patchCompanyProfile(id, request, response),
    },
    'PUT /customers/{id}/purchase-permissions/{resource}': {
      body: fc.constant({}),
      run: (intake: HttpCommandIntake, request: never, response: never, id: string, resource: string) =>
        new GrantPurchasePermissionHttpController(intake).grant(id, resource, request, response),
    },
  };

  it.each(Object.keys(httpRoutes) as (keyof typeof httpRoutes)[])('over HTTP: %s', async (route) => {
    const { body, run } = httpRoutes[route];
    const ifMatch = fc.option(fc.oneof(fc.constantFrom('*', '"1"', '"2"', 'W/"1"'), hostileString), { nil: undefined });
    const pathValue = fc.oneof({ weight: 5, arbitrary: fc.constant(CUSTOMER_ID) }, { weight: 1, arbitrary: hostileString });
    const resource = fc.oneof(fc.constantFrom('AzureReservedInstances', 'AzureSavingsPlan'), hostileString);
    const reason = fc.option(fc.oneof(fc.string({ unit: 'grapheme' }), hostileString), { nil: undefined });
    let decided = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 6, arbitrary: body }, { weight: 1, arbitrary: hostileValue }),
        fc.constantFrom(...Object.keys(STATES)),
        actor,
        ifMatch,
        pathValue,
        resource,
        reason,
        async (sent, state, acting, match, id, what, why) => {
          const bus = new DecidingBus(STATES[state]);
          const headers: Record<string, string | undefined> = { 'if-match': match, 'x-change-reason': why };
          const request = { method: 'PATCH', path: '/', body: sent, actor: acting, header: (name: string) => headers[name.toLowerCase()] };
          const response = { setHeader: () => response, status: () => response };
          try {
            await run(
              new HttpCommandIntake(bus as unknown as CommandBus, metrics, REASONS_FOR_GRANTS),
              request as never,
              response as never,
              id,
              what,
            );
          } catch (error) {
            // Both become problem details with a 4xx; anything else would be answered 500.
            if (!(error instanceof ProblemException) && !(error instanceof DomainError)) throw error;
          }
          decided += bus.decided;
        },
      ),
      { seed: FUZZ_SEED, numRuns: fuzzRuns(600) },
    );
    expect(decided).toBeGreaterThan(0);
  });
});
