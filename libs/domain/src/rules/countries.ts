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

/** Outside the country table: countries where Partner Center asks for a phone number. */
export const PHONE_REQUIRED_COUNTRIES = codes('AE MM IQ SS VE');

/** Outside the country table: city-states and microstates whose addresses carry no separate city (ours). */
export const CITY_OPTIONAL_COUNTRIES = codes('MO MC VA GI');

/** Outside the country table: countries without a postal code system, where the field is optional (ours). */
export const POSTAL_CODE_OPTIONAL_COUNTRIES = codes(
  'AE AG AO AW BF BI BJ BO BS BW BZ CD CF CG CI CK CM DJ DM ER FJ GA GD GH GM GQ GY KI KM KN KP LC ML MO MR MW NR NU QA RW SB SC SL SO SR SS ST SY TD TF TG TK TL TO TT TV UG VU YE ZW',
);
