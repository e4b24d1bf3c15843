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

/** Every event type, in the order a stream may first meet them. */
export const EVENT_TYPES: readonly CustomerAccountEventType[] = [
  'CustomerRegistered',
  'BillingProfileUpdated',
  'CompanyProfileUpdated',
  'PurchasePermissionGranted',
  'PurchasePermissionRevoked',
  'CustomerPersonalDataForgotten',
  'LegalHoldPlaced',
  'LegalHoldReleased',
];
