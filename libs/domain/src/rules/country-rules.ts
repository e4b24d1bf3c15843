import { CITY_OPTIONAL_COUNTRIES, COUNTRY_CODES, PHONE_REQUIRED_COUNTRIES, POSTAL_CODE_OPTIONAL_COUNTRIES } from './countries';
import { SUPPORTED_CULTURES } from './cultures';

/**
 * What one country asks of an address and a billing profile, shaped like Partner Center's
 * country validation rules (`GET /v1/countryvalidationrules/{country}`), plus the two
 * requirements Partner Center states elsewhere: the phone number and the registration number.
 */
export interface CountryRules {
  readonly iso2Code: string;
  readonly defaultCulture: string;
  readonly supportedCultures: readonly string[];
  readonly supportedLanguages: readonly string[];
  readonly isStateRequired: boolean;
  readonly supportedStates: readonly string[];
  readonly isPostalCodeRequired: boolean;
  readonly postalCodePattern?: RegExp;
  readonly isCityRequired: boolean;
  readonly isPhoneNumberRequired: boolean;
  /** Calling codes without the `+`; a number written with a leading `+` must begin with one of them. */
  readonly countryCallingCodes: readonly string[];
  readonly isOrganizationRegistrationNumberRequired: boolean;
  /**
   * False for a country outside the table: any supported culture and language is accepted
   * there and no calling code is checked, because we do not know that country's lists.
   */
  readonly isListed: boolean;
}

interface Row {
  cultures: string;
  callingCodes: string;
  postalCode?: RegExp | 'none';
  states?: string;
  phoneRequired?: true;
  registrationNumberRequired?: true;
  cityOptional?: true;
}

const list = (words: string) => words.trim().split(/\s+/);

// The states Partner Center's rules list for the US, with the territories and military codes a US address also uses (ours).
const US_STATES = `AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC
  ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI UM AA AE AP`;
// Registration-number countries outside Russia's own culture list take Russian and English, as their Partner Center pages do.
const CIS = { cultures: 'ru-RU en-US', phoneRequired: true, registrationNumberRequired: true } as const;

/** The countries whose rules we state one by one; every culture list ends with en-US, which Partner Center offers everywhere. */
const ROWS: Readonly<Record<string, Row>> = {
  US: { cultures: 'en-US es-US', callingCodes: '1', postalCode: /^\d{5}(-\d{4})?$/, states: US_STATES },
  CA: {
    cultures: 'en-CA fr-CA en-US',
    callingCodes: '1',
    postalCode: /^[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d$/,
    states: 'AB BC MB NB NL NS NT NU ON PE QC SK YT',
  },
  MX: {
    cultures: 'es-MX en-US',
    callingCodes: '52',
    postalCode: /^\d{5}$/,
    states: 'AG BC BS CM CS CH CX CO CL DG GT GR HG JA EM MI MO NA NL OA PU QT QR SL SI SO TB TM TL VE YU ZA',
  },
  GB: { cultures: 'en-GB en-US', callingCodes: '44', postalCode: /^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$/ },
  IE: { cultures: 'en-IE en-US', callingCodes: '353', postalCode: 'none' },
  DE: { cultures: 'de-DE en-US', callingCodes: '49', postalCode: /^\d{5}$/ },
  FR: { cultures: 'fr-FR en-US', callingCodes: '33', postalCode: /^\d{5}$/ },
  IT: { cultures: 'it-IT en-US', callingCodes: '39', postalCode: /^\d{5}$/ },
  ES: { cultures: 'es-ES en-US', callingCodes: '34', postalCode: /^\d{5}$/ },
  PT: { cultures: 'pt-PT en-US', callingCodes: '351', postalCode: /^\d{4}-\d{3}$/ },
  NL: { cultures: 'nl-NL en-US', callingCodes: '31', postalCode: /^\d{4} ?[A-Za-z]{2}$/ },
  BE: { cultures: 'nl-BE fr-BE en-US', callingCodes: '32', postalCode: /^\d{4}$/ },
  AT: { cultures: 'de-AT en-US', callingCodes: '43', postalCode: /^\d{4}$/ },
  CH: { cultures: 'de-CH fr-CH en-US', callingCodes: '41', postalCode: /^\d{4}$/ },
  DK: { cultures: 'da-DK en-US', callingCodes: '45', postalCode: /^\d{4}$/ },
  NO: { cultures: 'nb-NO en-US', callingCodes: '47', postalCode: /^\d{4}$/ },
  SE: { cultures: 'sv-SE en-US', callingCodes: '46', postalCode: /^\d{3} ?\d{2}$/ },
  FI: { cultures: 'fi-FI en-US', callingCodes: '358', postalCode: /^\d{5}$/ },
  PL: { cultures: 'pl-PL en-US', callingCodes: '48', postalCode: /^\d{2}-\d{3}$/, phoneRequired: true },
  CZ: { cultures: 'cs-CZ en-US', callingCodes: '420', postalCode: /^\d{3} ?\d{2}$/ },
  HU: { cultures: 'hu-HU en-US', callingCodes: '36', postalCode: /^\d{4}$/, phoneRequired: true, registrationNumberRequired: true },
  RU: { cultures: 'ru-RU en-US', callingCodes: '7', postalCode: /^\d{6}$/, phoneRequired: true, registrationNumberRequired: true },
  UA: {
    cultures: 'uk-UA ru-RU en-US',
    callingCodes: '380',
    postalCode: /^\d{5}$/,
    phoneRequired: true,
    registrationNumberRequired: true,
  },
  KZ: { cultures: 'kk-KZ ru-RU en-US', callingCodes: '7', phoneRequired: true, registrationNumberRequired: true },
  AM: { ...CIS, callingCodes: '374' },
  AZ: { ...CIS, callingCodes: '994' },
  BY: { ...CIS, callingCodes: '375' },
  KG: { ...CIS, callingCodes: '996' },
  MD: { ...CIS, callingCodes: '373' },
  TJ: { ...CIS, callingCodes: '992' },
  UZ: { ...CIS, callingCodes: '998' },
  TR: { cultures: 'tr-TR en-US', callingCodes: '90', postalCode: /^\d{5}$/, phoneRequired: true },
  SA: { cultures: 'ar-SA en-US', callingCodes: '966', postalCode: /^\d{5}(-\d{4})?$/, phoneRequired: true },
  IN: { cultures: 'en-IN en-US', callingCodes: '91', postalCode: /^\d{6}$/, phoneRequired: true },
  CN: { cultures: 'zh-CN en-US', callingCodes: '86', postalCode: /^\d{6}$/ },
  HK: { cultures: 'zh-HK en-US', callingCodes: '852', postalCode: 'none', cityOptional: true },
  JP: { cultures: 'ja-JP en-US', callingCodes: '81', postalCode: /^\d{3}-?\d{4}$/ },
  KR: { cultures: 'ko-KR en-US', callingCodes: '82', postalCode: /^\d{5}$/ },
  SG: { cultures: 'en-SG en-US', callingCodes: '65', postalCode: /^\d{6}$/, cityOptional: true },
  TH: { cultures: 'th-TH en-US', callingCodes: '66', postalCode: /^\d{5}$/, phoneRequired: true },
  VN: { cultures: 'vi-VN en-US', callingCodes: '84', postalCode: /^\d{6}$/, phoneRequired: true },
  AU: { cultures: 'en-AU en-US', callingCodes: '61', postalCode: /^\d{4}$/ },
  NZ: { cultures: 'en-NZ en-US', callingCodes: '64', postalCode: /^\d{4}$/ },
  BR: { cultures: 'pt-BR en-US', callingCodes: '55', postalCode: /^\d{5}-?\d{3}$/, phoneRequired: true },
  ZA: { cultures: 'en-ZA en-US', callingCodes: '27', postalCode: /^\d{4}$/, phoneRequired: true },
};

const languagesOf = (cultures: readonly string[]) => [...new Set(cultures.map((culture) => culture.split('-')[0]))];

function listed(iso2Code: string, row: Row): CountryRules {
  const supportedCultures = list(row.cultures);
  const supportedStates = row.states === undefined ? [] : list(row.states);
  return {
    iso2Code,
    defaultCulture: supportedCultures[0],
    supportedCultures,
    supportedLanguages: languagesOf(supportedCultures),
    isStateRequired: supportedStates.length > 0,
    supportedStates,
    isPostalCodeRequired: row.postalCode !== 'none',
    ...(row.postalCode instanceof RegExp && { postalCodePattern: row.postalCode }),
    isCityRequired: row.cityOptional !== true,
    isPhoneNumberRequired: row.phoneRequired === true,
    countryCallingCodes: list(row.callingCodes),
    isOrganizationRegistrationNumberRequired: row.registrationNumberRequired === true,
    isListed: true,
  };
}

function unlisted(iso2Code: string): CountryRules {
  return {
    iso2Code,
    defaultCulture: 'en-US',
    supportedCultures: SUPPORTED_CULTURES,
    supportedLanguages: languagesOf(SUPPORTED_CULTURES),
    isStateRequired: false,
    supportedStates: [],
    isPostalCodeRequired: !POSTAL_CODE_OPTIONAL_COUNTRIES.has(iso2Code),
    isCityRequired: !CITY_OPTIONAL_COUNTRIES.has(iso2Code),
    isPhoneNumberRequired: PHONE_REQUIRED_COUNTRIES.has(iso2Code),
    countryCallingCodes: [],
    isOrganizationRegistrationNumberRequired: false,
    isListed: false,
  };
}

const TABLE: ReadonlyMap<string, CountryRules> = new Map(Object.entries(ROWS).map(([code, row]) => [code, listed(code, row)]));

/** The countries the table states one by one. */
export const LISTED_COUNTRIES: readonly string[] = [...TABLE.keys()];

/** The countries where Partner Center asks for an organization registration number. */
export const REGISTRATION_NUMBER_COUNTRIES: readonly string[] = LISTED_COUNTRIES.filter(
  (code) => TABLE.get(code)!.isOrganizationRegistrationNumberRequired,
);

// Every command asks for its account's country: each country's rules are built once, at load.
const EVERY_COUNTRY: ReadonlyMap<string, CountryRules> = new Map(
  [...COUNTRY_CODES].map((code) => [code, TABLE.get(code) ?? unlisted(code)]),
);

/** The rules of an ISO 3166-1 alpha-2 country (upper case); callers check the code is one first. */
export function countryRulesOf(iso2Code: string): CountryRules {
  return EVERY_COUNTRY.get(iso2Code) ?? unlisted(iso2Code);
}
