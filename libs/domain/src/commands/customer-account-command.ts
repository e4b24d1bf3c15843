import { BillingProfile } from '../account/billing-profile';
import { CompanyProfile } from '../account/company-profile';
import { PurchasableResource, PurchaseAction, PurchasePermission } from '../account/purchase-permission';
import { CommandMetadata } from './command-metadata';

type Command<Type extends string, Data> = { type: Type; data: Data; metadata: CommandMetadata };

/** A JSON merge patch (RFC 7396) of an object: null removes an optional field. */
export type MergePatch<T> = {
  [K in keyof T]?: (T[K] extends object ? MergePatch<T[K]> : T[K]) | null;
};

export type BillingProfileUpdate = { replace: BillingProfile } | { merge: MergePatch<BillingProfile> };

/** The company details a partner may change; the tenant id and primary domain are fixed. */
export type CompanyProfilePatch = MergePatch<Pick<CompanyProfile, 'companyName' | 'organizationRegistrationNumber'>>;

export type RegisterCustomer = Command<
  'RegisterCustomer',
  {
    customerId: string;
    companyProfile: Omit<CompanyProfile, 'tenantId'>;
    billingProfile: BillingProfile;
  }
>;

export type UpdateCustomerDetails = Command<
  'UpdateCustomerDetails',
  {
    customerId: string;
    billingProfile?: BillingProfileUpdate;
    companyProfile?: CompanyProfilePatch;
  }
>;

type PermissionData = { customerId: string; resource: PurchasableResource; action: PurchaseAction };
export type GrantPurchasePermission = Command<'GrantPurchasePermission', PermissionData>;
export type RevokePurchasePermission = Command<'RevokePurchasePermission', PermissionData>;
/** Partner Center's self-serve policy written whole: the permissions listed are held, the rest revoked, in one decision. */
export type SetPurchasePermissions = Command<'SetPurchasePermissions', { customerId: string; permissions: PurchasePermission[] }>;
export type ForgetCustomerPersonalData = Command<'ForgetCustomerPersonalData', { customerId: string }>;
/** Keeps the account's records whole: while held, its personal data cannot be forgotten. */
export type PlaceLegalHold = Command<'PlaceLegalHold', { customerId: string }>;
export type ReleaseLegalHold = Command<'ReleaseLegalHold', { customerId: string }>;

export type CustomerAccountCommand =
  | RegisterCustomer
  | UpdateCustomerDetails
  | GrantPurchasePermission
  | RevokePurchasePermission
  | SetPurchasePermissions
  | ForgetCustomerPersonalData
  | PlaceLegalHold
  | ReleaseLegalHold;

export type CustomerAccountCommandType = CustomerAccountCommand['type'];

export const COMMAND_TYPES: readonly CustomerAccountCommandType[] = [
  'RegisterCustomer',
  'UpdateCustomerDetails',
  'GrantPurchasePermission',
  'RevokePurchasePermission',
  'SetPurchasePermissions',
  'ForgetCustomerPersonalData',
  'PlaceLegalHold',
  'ReleaseLegalHold',
];
