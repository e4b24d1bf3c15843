import { randomUUID } from 'node:crypto';

export const PARTNER_ID = '4b9e1f0a-2c3d-4e5f-8a9b-0c1d2e3f4a5b';
export const OTHER_PARTNER_ID = '9f8e7d6c-5b4a-4321-8fed-cba987654321';

export interface TestActor {
  partnerId: string;
  userPrincipalName: string;
  applicationId: string;
  roles: string[];
}

export function actor(overrides: Partial<TestActor> = {}): TestActor {
  return { partnerId: PARTNER_ID, userPrincipalName: 'admin@partner.example', applicationId: 'e2e-tests', roles: ['AdminAgent'], ...overrides };
}

/** The identity headers the HTTP API reads. */
export function identityHeaders(who: TestActor = actor()): Record<string, string> {
  return {
    'X-Partner-Id': who.partnerId,
    'X-User-Principal-Name': who.userPrincipalName,
    'X-Application-Id': who.applicationId,
    'X-Roles': who.roles.join(','),
  };
}

export function newCustomerId(): string {
  return randomUUID();
}

export function billingProfile(overrides: Record<string, unknown> = {}) {
  return {
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
    ...overrides,
  };
}

export function companyProfile() {
  return { domain: 'contoso.onmicrosoft.com', companyName: 'Contoso' };
}

export function registerBody(customerId: string) {
  return { customerId, companyProfile: companyProfile(), billingProfile: billingProfile() };
}
