import { BillingProfile } from '../account/billing-profile';
import { CompanyProfile } from '../account/company-profile';
import { PurchasableResource, PurchaseAction } from '../account/purchase-permission';
import { FieldChange } from './field-change';

type Event<Type extends string, Data> = { type: Type; data: Data };

export type CustomerRegistered = Event<
  'CustomerRegistered',
  { customerId: string; partnerId: string; companyProfile: CompanyProfile; billingProfile: BillingProfile }
>;
/** Carries exactly the fields that changed, with their old and new values. */
export type BillingProfileUpdated = Event<'BillingProfileUpdated', { changes: FieldChange[] }>;
export type CompanyProfileUpdated = Event<'CompanyProfileUpdated', { changes: FieldChange[] }>;
type PermissionData = { resource: PurchasableResource; action: PurchaseAction };
export type PurchasePermissionGranted = Event<'PurchasePermissionGranted', PermissionData>;
export type PurchasePermissionRevoked = Event<'PurchasePermissionRevoked', PermissionData>;
/** The personal fields (account paths) that held values and are erased from now on. */
export type CustomerPersonalDataForgotten = Event<'CustomerPersonalDataForgotten', { fields: string[] }>;
/** Why is the event's reason, which a hold always has. */
export type LegalHoldPlaced = Event<'LegalHoldPlaced', Record<string, never>>;
export type LegalHoldReleased = Event<'LegalHoldReleased', Record<string, never>>;

export type CustomerAccountEvent =
  | CustomerRegistered
  | BillingProfileUpdated
  | CompanyProfileUpdated
  | PurchasePermissionGranted
  | PurchasePermissionRevoked
  | CustomerPersonalDataForgotten
  | LegalHoldPlaced
  | LegalHoldReleased;

export type CustomerAccountEventType = CustomerAccountEvent['type'];

/** Partner Center's audit-record operation type of each event (ours where it has none). */
export const OPERATION_TYPES: Record<CustomerAccountEventType, string> = {
  CustomerRegistered: 'create_customer',
  BillingProfileUpdated: 'update_customer_billing_profile',
  CompanyProfileUpdated: 'update_customer_company_profile',
  PurchasePermissionGranted: 'create_self_serve_policy',
  PurchasePermissionRevoked: 'delete_self_serve_policy',
  CustomerPersonalDataForgotten: 'forget_customer_personal_data',
  LegalHoldPlaced: 'place_legal_hold',
  LegalHoldReleased: 'release_legal_hold',
};
