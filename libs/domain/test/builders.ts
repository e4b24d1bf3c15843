import {
  Actor,
  BillingProfile,
  CommandMetadata,
  CustomerAccountCommand,
  CustomerAccountEvent,
  MergePatch,
  Role,
} from '../src';

export const CUSTOMER_ID = '0d3f4c6e-5b1a-4f1e-9a57-0c2d7f7a1b10';
export const PARTNER_ID = '4b9e1f0a-2c3d-4e5f-8a9b-0c1d2e3f4a5b';
export const OTHER_PARTNER_ID = '9f8e7d6c-5b4a-4321-8fed-cba987654321';

export function anActor(overrides: Partial<Actor> = {}): Actor {
  return {
    userPrincipalName: 'admin@partner.onmicrosoft.com',
    applicationId: 'crm-sync',
    partnerId: PARTNER_ID,
    roles: ['AdminAgent'],
    ...overrides,
  };
}

export function actingAs(...roles: Role[]): Partial<CommandMetadata> {
  return { actor: anActor({ roles }) };
}

export function metadata(overrides: Partial<CommandMetadata> = {}): CommandMetadata {
  return {
    commandId: 'command-1',
    correlationId: 'correlation-1',
    actor: anActor(),
    receivedAt: '2026-11-24T10:00:00.000Z',
    ...overrides,
  };
}

export function aBillingProfile(overrides: MergePatch<BillingProfile> = {}): BillingProfile {
  const base: BillingProfile = {
    firstName: 'Alex',
    lastName: 'Wilber',
    email: 'alex@contoso.com',
    culture: 'en-US',
    language: 'en',
    companyName: 'Contoso',
    defaultAddress: {
      country: 'US',
      addressLine1: '1 Microsoft Way',
      city: 'Redmond',
      state: 'WA',
      postalCode: '98052',
      firstName: 'Alex',
      lastName: 'Wilber',
    },
  };
  const { defaultAddress, ...rest } = overrides;
  return stripNulls({ ...base, ...rest, defaultAddress: { ...base.defaultAddress, ...defaultAddress } }) as BillingProfile;
}

function stripNulls<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_key, v) => (v === null ? undefined : v)));
}

export const companyProfile = { domain: 'contoso.onmicrosoft.com', companyName: 'Contoso' };

export function registerCustomer(
  billingProfile: BillingProfile = aBillingProfile(),
  overrides: Partial<CommandMetadata> = {},
  company: { domain: string; companyName: string; organizationRegistrationNumber?: string } = companyProfile,
): CustomerAccountCommand {
  return {
    type: 'RegisterCustomer',
    data: { customerId: CUSTOMER_ID, companyProfile: company, billingProfile },
    metadata: metadata(overrides),
  };
}

export function customerRegistered(
  billingProfile: BillingProfile = aBillingProfile(),
  company: { domain: string; companyName: string; organizationRegistrationNumber?: string } = companyProfile,
): CustomerAccountEvent {
  return {
    type: 'CustomerRegistered',
    data: {
      customerId: CUSTOMER_ID,
      partnerId: PARTNER_ID,
      companyProfile: { ...company, tenantId: CUSTOMER_ID },
      billingProfile,
    },
  };
}

export function updateBilling(
  merge: MergePatch<BillingProfile>,
  overrides: Partial<CommandMetadata> = {},
): CustomerAccountCommand {
  return {
    type: 'UpdateCustomerDetails',
    data: { customerId: CUSTOMER_ID, billingProfile: { merge } },
    metadata: metadata(overrides),
  };
}

export function permissionCommand(
  type: 'GrantPurchasePermission' | 'RevokePurchasePermission',
  resource: 'AzureReservedInstances' | 'AzureSavingsPlan' = 'AzureReservedInstances',
  overrides: Partial<CommandMetadata> = {},
): CustomerAccountCommand {
  return { type, data: { customerId: CUSTOMER_ID, resource, action: 'Purchase' }, metadata: metadata(overrides) };
}
