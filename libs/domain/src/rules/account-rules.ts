import { Address } from '../account/address';
import { BillingProfile } from '../account/billing-profile';
import { CompanyProfile } from '../account/company-profile';
import { ErrorCodes } from '../errors/error-codes';
import { FieldError } from '../errors/field-error';
import {
  CITY_OPTIONAL_COUNTRIES,
  COUNTRY_CODES,
  ORGANIZATION_REGISTRATION_NUMBER_COUNTRIES,
  PHONE_REQUIRED_COUNTRIES,
  POSTAL_CODE_OPTIONAL_COUNTRIES,
  POSTAL_CODE_PATTERNS,
  STATES_BY_COUNTRY,
} from './countries';
import { canonicalCulture } from './cultures';
import { FieldErrors } from './text-rules';

const NAME_MAX = 50;
const EMAIL_MAX = 254;
const COMPANY_NAME_MAX = 200;
const ADDRESS_LINE_MAX = 200;
const CITY_MAX = 100;
const REGION_MAX = 100;
const POSTAL_CODE_MAX = 20;
const REGISTRATION_NUMBER_MAX = 50;
const DOMAIN_MAX = 253;

// Deliberately simple: one @, no spaces, a dot in the domain. The mailbox is proven by mail, not regex.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DOMAIN_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const PHONE = /^\+?[0-9][0-9 ().-]{3,24}$/;
const LANGUAGE = /^[a-z]{2}$/;
const REGISTRATION_NUMBER = /^[A-Za-z0-9][A-Za-z0-9 ./-]*$/;

/**
 * Brings a profile into its canonical spelling before it is judged and stored: culture
 * in the case of the supported list, country and state upper case, language lower case,
 * and an empty optional field the same as an absent one (ours).
 */
export function normalizeBillingProfile(profile: BillingProfile): BillingProfile {
  const address = profile.defaultAddress;
  // A merge patch may remove the address (`"defaultAddress": null`); validation then names it.
  if (address === undefined || address === null) {
    const { defaultAddress: _removed, ...rest } = profile;
    return {
      ...rest,
      culture: (profile.culture !== undefined && canonicalCulture(profile.culture)) || profile.culture,
      language: profile.language?.toLowerCase(),
    } as BillingProfile;
  }
  const defaultAddress: Address = {
    ...address,
    country: address.country?.toUpperCase(),
    ...(address.state !== undefined && { state: address.state.toUpperCase() }),
  };
  for (const optional of ['addressLine2', 'addressLine3', 'city', 'district', 'state', 'postalCode', 'region', 'phoneNumber'] as const) {
    if (defaultAddress[optional] === '') delete defaultAddress[optional];
  }
  const normalized: BillingProfile = {
    ...profile,
    culture: (profile.culture !== undefined && canonicalCulture(profile.culture)) || profile.culture,
    language: profile.language?.toLowerCase(),
    defaultAddress,
  };
  if (normalized.middleName === '') delete normalized.middleName;
  return normalized;
}

export function normalizeCompanyProfile(profile: CompanyProfile): CompanyProfile {
  const normalized = { ...profile, domain: profile.domain?.toLowerCase() };
  if (normalized.organizationRegistrationNumber === '') delete normalized.organizationRegistrationNumber;
  return normalized;
}

/**
 * Every rule a whole account must keep, judged together because some span both profiles.
 * `erasedFields` are personal fields a forget erased and nobody has given again: they may
 * stay absent, so that the rest of the account can still change after a forget.
 */
export function validateAccount(
  companyProfile: CompanyProfile,
  billingProfile: BillingProfile,
  erasedFields: readonly string[] = [],
): FieldError[] {
  const errors = new FieldErrors(new Set(erasedFields));
  validateCompanyProfile(errors, companyProfile, billingProfile.defaultAddress?.country);
  validateBillingProfile(errors, billingProfile);
  return errors.list;
}

function validateCompanyProfile(errors: FieldErrors, profile: CompanyProfile, country: string | undefined): void {
  if (errors.required('companyProfile.domain', profile.domain, DOMAIN_MAX)) {
    errors.matches('companyProfile.domain', profile.domain, DOMAIN_NAME, 'a domain name such as contoso.onmicrosoft.com');
  }
  errors.required('companyProfile.companyName', profile.companyName, COMPANY_NAME_MAX);

  const field = 'companyProfile.organizationRegistrationNumber';
  const number = profile.organizationRegistrationNumber;
  if (country !== undefined && ORGANIZATION_REGISTRATION_NUMBER_COUNTRIES.has(country)) {
    if (errors.required(field, number, REGISTRATION_NUMBER_MAX)) {
      errors.matches(field, number!, REGISTRATION_NUMBER, 'letters, digits, spaces, dots, slashes or dashes');
    }
  } else if (number !== undefined) {
    errors.add(field, `is allowed only for customers in ${[...ORGANIZATION_REGISTRATION_NUMBER_COUNTRIES].join(', ')}`);
  }
}

function validateBillingProfile(errors: FieldErrors, profile: BillingProfile): void {
  const at = (field: string) => `billingProfile.${field}`;
  errors.required(at('firstName'), profile.firstName, NAME_MAX);
  errors.optional(at('middleName'), profile.middleName, NAME_MAX);
  errors.required(at('lastName'), profile.lastName, NAME_MAX);
  if (errors.required(at('email'), profile.email, EMAIL_MAX)) {
    errors.matches(at('email'), profile.email, EMAIL, 'an email address');
  }
  if (errors.required(at('culture'), profile.culture, 20) && canonicalCulture(profile.culture) === undefined) {
    errors.add(at('culture'), `'${profile.culture}' is not a supported culture`);
  }
  if (errors.required(at('language'), profile.language, 2)) {
    errors.matches(at('language'), profile.language, LANGUAGE, 'a two-letter language code');
  }
  errors.required(at('companyName'), profile.companyName, COMPANY_NAME_MAX);
  if (profile.defaultAddress === undefined || profile.defaultAddress === null) {
    errors.add(at('defaultAddress'), 'is required');
  } else {
    validateAddress(errors, profile.defaultAddress, at('defaultAddress'));
  }
}

function validateAddress(errors: FieldErrors, address: Address, path: string): void {
  const at = (field: string) => `${path}.${field}`;
  const { country } = address;
  const knownCountry = country !== undefined && COUNTRY_CODES.has(country);
  if (country === undefined || country.length === 0) {
    errors.add(at('country'), 'is required');
  } else if (!knownCountry) {
    errors.add(at('country'), `'${country}' is not an ISO 3166-1 alpha-2 country code`);
  }
  errors.required(at('addressLine1'), address.addressLine1, ADDRESS_LINE_MAX);
  errors.optional(at('addressLine2'), address.addressLine2, ADDRESS_LINE_MAX);
  errors.optional(at('addressLine3'), address.addressLine3, ADDRESS_LINE_MAX);
  errors.optional(at('district'), address.district, CITY_MAX);
  errors.required(at('firstName'), address.firstName, NAME_MAX);
  errors.required(at('lastName'), address.lastName, NAME_MAX);
  errors.optional(at('region'), address.region, REGION_MAX);
  if (!knownCountry) return; // The rules below depend on a country we know.

  if (CITY_OPTIONAL_COUNTRIES.has(country)) errors.optional(at('city'), address.city, CITY_MAX);
  else errors.required(at('city'), address.city, CITY_MAX);

  const states = STATES_BY_COUNTRY[country];
  if (states === undefined) {
    errors.optional(at('state'), address.state, 2);
  } else if (errors.required(at('state'), address.state, 2) && !states.has(address.state!)) {
    errors.add(at('state'), `'${address.state}' is not a state of ${country}`);
  }

  const pattern = POSTAL_CODE_PATTERNS[country];
  const postalCodeRequired = !POSTAL_CODE_OPTIONAL_COUNTRIES.has(country);
  const postalCodeGiven = postalCodeRequired
    ? errors.required(at('postalCode'), address.postalCode, POSTAL_CODE_MAX)
    : address.postalCode !== undefined && errors.optional(at('postalCode'), address.postalCode, POSTAL_CODE_MAX);
  if (postalCodeGiven && pattern !== undefined) {
    errors.matches(at('postalCode'), address.postalCode!, pattern, `a postal code of ${country}`);
  }

  if (address.phoneNumber === undefined) {
    if (PHONE_REQUIRED_COUNTRIES.has(country) && !errors.isErased(at('phoneNumber'))) {
      errors.add(at('phoneNumber'), `is required for customers in ${country}`, ErrorCodes.PhoneNumberRequired);
    }
  } else {
    errors.matches(at('phoneNumber'), address.phoneNumber, PHONE, 'a phone number of digits, spaces, ( ) . - and an optional leading +');
  }
}
