import { BillingProfileUpdate, CommandMetadata, CompanyProfilePatch, UpdateCustomerDetails } from '@app/domain';

export function updateCustomerDetails(
  customerId: string,
  changes: { billingProfile?: BillingProfileUpdate; companyProfile?: CompanyProfilePatch },
  metadata: CommandMetadata,
): UpdateCustomerDetails {
  return { type: 'UpdateCustomerDetails', data: { customerId, ...changes }, metadata };
}
