import { Address } from '../account/address';
import { BillingProfile } from '../account/billing-profile';
import { CompanyProfile } from '../account/company-profile';
import { ErrorCodes } from '../errors/error-codes';
import { FieldError } from '../errors/field-error';
import { COUNTRY_CODES } from './countries';
import { CountryRules, countryRulesOf, REGISTRATION_NUMBER_COUNTRIES } from './country-rules';
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
 * `before` is the billing profile the account had: the country table's culture, language and
 * calling-code rules judge only what a command sets, so that an account recorded before those
 * rules is not locked out of unrelated changes.
 */
export function validateAccount(
  companyProfile: CompanyProfile,
  billingProfile: BillingProfile,
  erasedFields: readonly string[] = [],
  before?: BillingProfile,
): FieldError[] {
  const errors = new FieldErrors(new Set(erasedFields));
  const country = billingProfile.defaultAddress?.country;
  const rules = country !== undefined && COUNTRY_CODES.has(country) ? countryRulesOf(country) : undefined;
  const countryChanged = before?.defaultAddress?.country !== country;
  const setsOrMoves = (value: string | undefined, old: string | undefined) => before === undefined || countryChanged || value !== old;
  validateCompanyProfile(errors, companyProfile, rules);
  validateBillingProfile(errors, billingProfile);
  if (rules !== undefined && billingProfile.defaultAddress !== undefined && billingProfile.defaultAddress !== null) {
    validateAddress(errors, billingProfile.defaultAddress, 'billingProfile.defaultAddress', rules);
    const { culture, language } = billingProfile;
    const phoneNumber = billingProfile.defaultAddress.phoneNumber;
    if (rules.isListed && setsOrMoves(culture, before?.culture)) validateCountryCulture(errors, culture, rules);
    if (rules.isListed && setsOrMoves(language, before?.language)) validateCountryLanguage(errors, language, rules);
    if (rules.isListed && phoneNumber !== undefined && setsOrMoves(phoneNumber, before?.defaultAddress?.phoneNumber)) {
      validateCallingCode(errors, phoneNumber, rules);
    }
  }
  return errors.list;
}

function validateCompanyProfile(errors: FieldErrors, profile: CompanyProfile, rules: CountryRules | undefined): void {
  if (errors.required('companyProfile.domain', profile.domain, DOMAIN_MAX)) {
    errors.matches('companyProfile.domain', profile.domain, DOMAIN_NAME, 'a domain name such as contoso.onmicrosoft.com');
  }
  errors.required('companyProfile.companyName', profile.companyName, COMPANY_NAME_MAX);

  const field = 'companyProfile.organizationRegistrationNumber';
  const number = profile.organizationRegistrationNumber;
  if (rules === undefined) return; // Without a known country, the address names the fault.
  if (rules.isOrganizationRegistrationNumberRequired) {
    if (number === undefined || number.length === 0) {
      errors.add(field, `is required for customers in ${rules.iso2Code}`, ErrorCodes.RegistrationNumberRequired);
    } else if (number.length > REGISTRATION_NUMBER_MAX || !REGISTRATION_NUMBER.test(number)) {
      errors.add(
        field,
        `must be at most ${REGISTRATION_NUMBER_MAX} letters, digits, spaces, dots, slashes or dashes`,
        ErrorCodes.RegistrationNumberInvalid,
      );
    }
  } else if (number !== undefined) {
    errors.add(
      field,
      `is allowed only for customers in ${REGISTRATION_NUMBER_COUNTRIES.join(', ')}`,
      ErrorCodes.RegistrationNumberNotAllowed,
    );
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
    validateAddressFields(errors, profile.defaultAddress, at('defaultAddress'));
  }
}

/** The address rules that hold in every country, and the country code itself. */
function validateAddressFields(errors: FieldErrors, address: Address, path: string): void {
  const at = (field: string) => `${path}.${field}`;
  const { country } = address;
  if (country === undefined || country.length === 0) {
    errors.add(at('country'), 'is required');
  } else if (!COUNTRY_CODES.has(country)) {
    errors.add(at('country'), `'${country}' is not an ISO 3166-1 alpha-2 country code`);
  }
  errors.required(at('addressLine1'), address.addressLine1, ADDRESS_LINE_MAX);
  errors.optional(at('addressLine2'), address.addressLine2, ADDRESS_LINE_MAX);
  errors.optional(at('addressLine3'), address.addressLine3, ADDRESS_LINE_MAX);
  errors.optional(at('district'), address.district, CITY_MAX);
  errors.required(at('firstName'), address.firstName, NAME_MAX);
  errors.required(at('lastName'), address.lastName, NAME_MAX);
  errors.optional(at('region'), address.region, REGION_MAX);
  if (address.phoneNumber !== undefined) {
    errors.matches(at('phoneNumber'), address.phoneNumber, PHONE, 'a phone number of digits, spaces, ( ) . - and an optional leading +');
  }
}

/** The address rules of the address's own country, from the country table. */
function validateAddress(errors: FieldErrors, address: Address, path: string, rules: CountryRules): void {
  const at = (field: string) => `${path}.${field}`;
  const country = rules.iso2Code;
  if (rules.isCityRequired) errors.required(at('city'), address.city, CITY_MAX);
  else errors.optional(at('city'), address.city, CITY_MAX);

  if (!rules.isStateRequired) {
    errors.optional(at('state'), address.state, 2);
  } else if (errors.required(at('state'), address.state, 2) && !rules.supportedStates.includes(address.state!)) {
    errors.add(at('state'), `'${address.state}' is not a state of ${country}`);
  }

  const postalCodeGiven = rules.isPostalCodeRequired
    ? errors.required(at('postalCode'), address.postalCode, POSTAL_CODE_MAX)
    : address.postalCode !== undefined && errors.optional(at('postalCode'), address.postalCode, POSTAL_CODE_MAX);
  if (postalCodeGiven && rules.postalCodePattern !== undefined) {
    errors.matches(at('postalCode'), address.postalCode!, rules.postalCodePattern, `a postal code of ${country}`);
  }

  if (address.phoneNumber === undefined && rules.isPhoneNumberRequired && !errors.isErased(at('phoneNumber'))) {
    errors.add(at('phoneNumber'), `is required for customers in ${country}`, ErrorCodes.PhoneNumberRequired);
  }
}

/** A culture the billing country supports; an unsupported one is named by the billing profile's rules. */
function validateCountryCulture(errors: FieldErrors, culture: string | undefined, rules: CountryRules): void {
  if (culture === undefined || canonicalCulture(culture) === undefined || rules.supportedCultures.includes(culture)) return;
  errors.add('billingProfile.culture', `'${culture}' is not a culture of ${rules.iso2Code}: one of ${rules.supportedCultures.join(', ')}`);
}

/** A language the billing country supports; a malformed one is named by the billing profile's rules. */
function validateCountryLanguage(errors: FieldErrors, language: string | undefined, rules: CountryRules): void {
  if (language === undefined || !LANGUAGE.test(language) || rules.supportedLanguages.includes(language)) return;
  errors.add(
    'billingProfile.language',
    `'${language}' is not a language of ${rules.iso2Code}: one of ${rules.supportedLanguages.join(', ')}`,
  );
}

/** A number written internationally must carry the billing country's calling code. */
function validateCallingCode(errors: FieldErrors, phoneNumber: string, rules: CountryRules): void {
  if (!PHONE.test(phoneNumber) || !phoneNumber.startsWith('+')) return;
  const digits = phoneNumber.replace(/\D/g, '');
  if (!rules.countryCallingCodes.some((code) => digits.startsWith(code))) {
    const codes = rules.countryCallingCodes.map((code) => `+${code}`).join(' or ');
    errors.add(
      'billingProfile.defaultAddress.phoneNumber',
      `must begin with ${codes}, the calling code of ${rules.iso2Code}, when written with +`,
    );
  }
}
