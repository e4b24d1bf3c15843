/** ISO 3166-1 alpha-2, officially assigned codes. */
const ISO_COUNTRIES = `
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW
BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI
FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN
IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME
MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF
PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE
YT ZA ZM ZW`;

const codes = (list: string) => new Set(list.trim().split(/\s+/));

export const COUNTRY_CODES: ReadonlySet<string> = codes(ISO_COUNTRIES);

/** Countries where Partner Center asks for an organization registration number, and only these. */
export const ORGANIZATION_REGISTRATION_NUMBER_COUNTRIES = codes('AM AZ BY HU KZ KG MD RU TJ UZ UA');

export const PHONE_REQUIRED_COUNTRIES = codes('AM AZ BY HU KZ KG MD RU TJ UZ UA IN BR ZA PL AE SA TR TH VN MM IQ SS VE');

/** City-states and microstates whose addresses carry no separate city (ours). */
export const CITY_OPTIONAL_COUNTRIES = codes('SG HK MO MC VA GI');

/** The states or provinces a state-requiring country accepts (ours: at least US, CA, MX). */
export const STATES_BY_COUNTRY: Readonly<Record<string, ReadonlySet<string>>> = {
  US: codes(`
    AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC
    ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI UM AA AE AP`),
  CA: codes('AB BC MB NB NL NS NT NU ON PE QC SK YT'),
  MX: codes('AG BC BS CM CS CH CX CO CL DG GT GR HG JA EM MI MO NA NL OA PU QT QR SL SI SO TB TM TL VE YU ZA'),
};

/** Postal code patterns where the country has a postal system with a fixed shape (ours). */
export const POSTAL_CODE_PATTERNS: Readonly<Record<string, RegExp>> = {
  US: /^\d{5}(-\d{4})?$/,
  CA: /^[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d$/,
  MX: /^\d{5}$/,
  GB: /^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$/,
  DE: /^\d{5}$/,
  FR: /^\d{5}$/,
  IT: /^\d{5}$/,
  ES: /^\d{5}$/,
  NL: /^\d{4} ?[A-Za-z]{2}$/,
  BE: /^\d{4}$/,
  AT: /^\d{4}$/,
  CH: /^\d{4}$/,
  DK: /^\d{4}$/,
  NO: /^\d{4}$/,
  SE: /^\d{3} ?\d{2}$/,
  FI: /^\d{5}$/,
  PL: /^\d{2}-\d{3}$/,
  PT: /^\d{4}-\d{3}$/,
  CZ: /^\d{3} ?\d{2}$/,
  HU: /^\d{4}$/,
  RU: /^\d{6}$/,
  UA: /^\d{5}$/,
  TR: /^\d{5}$/,
  IN: /^\d{6}$/,
  CN: /^\d{6}$/,
  JP: /^\d{3}-?\d{4}$/,
  KR: /^\d{5}$/,
  AU: /^\d{4}$/,
  NZ: /^\d{4}$/,
  BR: /^\d{5}-?\d{3}$/,
  ZA: /^\d{4}$/,
  SA: /^\d{5}(-\d{4})?$/,
  TH: /^\d{5}$/,
  VN: /^\d{6}$/,
};

/** Countries without a postal code system, where the field is optional (ours). */
export const POSTAL_CODE_OPTIONAL_COUNTRIES = codes(
  'AE AG AO AW BF BI BJ BO BS BW BZ CD CF CG CI CK CM DJ DM ER FJ GA GD GH GM GQ GY HK IE KI KM KN KP LC ML MO MR MW NR NU QA RW SB SC SL SO SR SS ST SY TD TF TG TK TL TO TT TV UG VU YE ZW',
);
