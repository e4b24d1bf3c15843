/**
 * The fields of an account that are a person's data: the billing contact's name, email,
 * phone and postal address (ours: country, state, region, culture, language and the
 * company's name describe the company, not a person). Paths are into the account.
 * Their values are stored encrypted with the customer's own key, and a
 * ForgetCustomerPersonalData erases them.
 */
export const PERSONAL_DATA_FIELDS = [
  'billingProfile.firstName',
  'billingProfile.middleName',
  'billingProfile.lastName',
  'billingProfile.email',
  'billingProfile.defaultAddress.firstName',
  'billingProfile.defaultAddress.lastName',
  'billingProfile.defaultAddress.phoneNumber',
  'billingProfile.defaultAddress.addressLine1',
  'billingProfile.defaultAddress.addressLine2',
  'billingProfile.defaultAddress.addressLine3',
  'billingProfile.defaultAddress.city',
  'billingProfile.defaultAddress.district',
  'billingProfile.defaultAddress.postalCode',
] as const;

const PERSONAL = new Set<string>(PERSONAL_DATA_FIELDS);

export function isPersonalDataField(path: string): boolean {
  return PERSONAL.has(path);
}
