import { Actor, BillingProfile, CommandMetadata, CustomerAccountCommand, CustomerAccountEvent, MergePatch, Role } from '../src';
import { PARTNER_ID, SAMPLE_BILLING_PROFILE, SAMPLE_COMPANY_PROFILE } from '@app/fixtures';
import { given } from './given-when-then';

export const CUSTOMER_ID = '0d3f4c6e-5b1a-4f1e-9a57-0c2d7f7a1b10';
export { OTHER_PARTNER_ID, PARTNER_ID } from '@app/fixtures';

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
  const base: BillingProfile = SAMPLE_BILLING_PROFILE;
  const { defaultAddress, ...rest } = overrides;
  return stripNulls({ ...base, ...rest, defaultAddress: { ...base.defaultAddress, ...defaultAddress } }) as BillingProfile;
}

function stripNulls<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_key, v) => (v === null ? undefined : v)));
}

export const companyProfile = SAMPLE_COMPANY_PROFILE;

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

/** given no customer, when one registers with this billing patch (and registration number): the test's then comes next. */
export function registering(patch: MergePatch<BillingProfile>, organizationRegistrationNumber?: string) {
  return given().when(
    registerCustomer(
      aBillingProfile(patch),
      {},
      {
        ...companyProfile,
        ...(organizationRegistrationNumber !== undefined && { organizationRegistrationNumber }),
      },
    ),
  );
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

export function updateBilling(merge: MergePatch<BillingProfile>, overrides: Partial<CommandMetadata> = {}): CustomerAccountCommand {
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

export function setPermissions(
  resources: Array<'AzureReservedInstances' | 'AzureSavingsPlan'>,
  overrides: Partial<CommandMetadata> = {},
): CustomerAccountCommand {
  return {
    type: 'SetPurchasePermissions',
    data: { customerId: CUSTOMER_ID, permissions: resources.map((resource) => ({ resource, action: 'Purchase' as const })) },
    metadata: metadata(overrides),
  };
}
