import { BillingProfile } from './billing-profile';
import { CompanyProfile } from './company-profile';
import { PurchasePermission } from './purchase-permission';

/** The parts of an account that have an ETag of their own, as Partner Center's resources do. */
export const ACCOUNT_RESOURCES = ['billingProfile', 'companyProfile', 'purchasePermissions'] as const;
export type AccountResource = (typeof ACCOUNT_RESOURCES)[number];

export interface CustomerAccount {
  customerId: string;
  partnerId: string;
  companyProfile: CompanyProfile;
  billingProfile: BillingProfile;
  /** Kept sorted by resource, so that equal accounts compare equal. */
  purchasePermissions: PurchasePermission[];
  /** The number of events in the stream. */
  version: number;
  /** The version of the last event that changed each resource: its ETag. */
  resourceVersions: Record<AccountResource, number>;
  /**
   * Personal fields (account paths) erased by ForgetCustomerPersonalData and not given
   * again since; they are absent from the profile. Absent when nothing is erased.
   */
  erasedFields?: string[];
  /** On legal hold: its personal data may not be forgotten until the hold is released. Absent when not held. */
  legalHold?: true;
}

/** The state a stream folds to: nothing before registration, the account after. */
export type CustomerAccountState = { status: 'absent'; version: 0 } | ({ status: 'registered' } & CustomerAccount);

export function initialState(): CustomerAccountState {
  return { status: 'absent', version: 0 };
}
