export interface Address {
  country: string;
  addressLine1: string;
  addressLine2?: string;
  addressLine3?: string;
  city?: string;
  /** A district within the city, where Partner Center's address has one. */
  district?: string;
  state?: string;
  postalCode?: string;
  region?: string;
  firstName: string;
  lastName: string;
  phoneNumber?: string;
}
