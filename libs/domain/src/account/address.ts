export interface Address {
  country: string;
  addressLine1: string;
  addressLine2?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  region?: string;
  firstName: string;
  lastName: string;
  phoneNumber?: string;
}
