// Plain sample data, shared by the pure domain tests and the end-to-end tests; it imports
// nothing, so the domain suite stays free of Nest, Kafka and MongoDB.

export const PARTNER_ID = '4b9e1f0a-2c3d-4e5f-8a9b-0c1d2e3f4a5b';
export const OTHER_PARTNER_ID = '9f8e7d6c-5b4a-4321-8fed-cba987654321';
/** The platform team's tenant in tests: only its tokens' Operator role counts. */
export const OPERATOR_TENANT_ID = '0f0e0d0c-0b0a-4909-8807-060504030201';

export const SAMPLE_BILLING_PROFILE = {
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

export const SAMPLE_COMPANY_PROFILE = { domain: 'contoso.onmicrosoft.com', companyName: 'Contoso' };
