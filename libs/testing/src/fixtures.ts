import { CustomerAccountEvent } from '@app/domain';
import { randomUUID } from 'node:crypto';

import { OPERATOR_TENANT_ID, PARTNER_ID, SAMPLE_BILLING_PROFILE, SAMPLE_COMPANY_PROFILE } from '@app/fixtures';
import { bearer, TestActor } from './test-credentials';

export { OPERATOR_TENANT_ID, OTHER_PARTNER_ID, PARTNER_ID } from '@app/fixtures';

export function actor(overrides: Partial<TestActor> = {}): TestActor {
  return {
    partnerId: PARTNER_ID,
    userPrincipalName: 'admin@partner.example',
    applicationId: 'e2e-tests',
    roles: ['AdminAgent'],
    ...overrides,
  };
}

/** A platform operator: the Operator role in a token of the operator tenant. */
export function operator(): TestActor {
  return {
    partnerId: OPERATOR_TENANT_ID,
    userPrincipalName: 'operator@platform.example',
    applicationId: 'operations',
    roles: ['Operator'],
  };
}

/** The Authorization header of a valid bearer token for the actor. */
export function identityHeaders(who: TestActor = actor()): Record<string, string> {
  return { Authorization: bearer(who) };
}

export function newCustomerId(): string {
  return randomUUID();
}

export function billingProfile(overrides: Record<string, unknown> = {}) {
  return { ...structuredClone(SAMPLE_BILLING_PROFILE), ...overrides };
}

export function companyProfile() {
  return { ...SAMPLE_COMPANY_PROFILE };
}

export function registerBody(customerId: string) {
  return { customerId, companyProfile: companyProfile(), billingProfile: billingProfile() };
}

/** The event a registration of the sample account records, for tests that start from one. */
export function sampleRegistration(customerId: string, partnerId: string = PARTNER_ID): CustomerAccountEvent {
  return {
    type: 'CustomerRegistered',
    data: {
      customerId,
      partnerId,
      companyProfile: { ...SAMPLE_COMPANY_PROFILE, tenantId: customerId },
      billingProfile: SAMPLE_BILLING_PROFILE,
    },
  };
}
