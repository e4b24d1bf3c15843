import { Address } from './address';

export interface BillingProfile {
  firstName: string;
  lastName: string;
  email: string;
  culture: string;
  language: string;
  companyName: string;
  defaultAddress: Address;
}
