import { Address } from './address';

export interface BillingProfile {
  firstName: string;
  middleName?: string;
  lastName: string;
  email: string;
  culture: string;
  language: string;
  companyName: string;
  defaultAddress: Address;
}
