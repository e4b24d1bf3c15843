export interface CompanyProfile {
  /** Always the customer id: the customer's tenant. */
  tenantId: string;
  domain: string;
  companyName: string;
  organizationRegistrationNumber?: string;
}
