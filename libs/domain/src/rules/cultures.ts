/** The cultures Partner Center offers for a billing profile, in their canonical case. */
const SUPPORTED_CULTURES = [
  'ar-SA', 'bg-BG', 'cs-CZ', 'da-DK', 'de-AT', 'de-CH', 'de-DE', 'el-GR', 'en-AU', 'en-CA', 'en-GB',
  'en-IE', 'en-IN', 'en-NZ', 'en-SG', 'en-US', 'en-ZA', 'es-ES', 'es-MX', 'et-EE', 'fi-FI', 'fr-BE',
  'fr-CA', 'fr-CH', 'fr-FR', 'he-IL', 'hr-HR', 'hu-HU', 'id-ID', 'it-IT', 'ja-JP', 'kk-KZ', 'ko-KR',
  'lt-LT', 'lv-LV', 'ms-MY', 'nb-NO', 'nl-BE', 'nl-NL', 'pl-PL', 'pt-BR', 'pt-PT', 'ro-RO', 'ru-RU',
  'sk-SK', 'sl-SI', 'sr-Latn-RS', 'sv-SE', 'th-TH', 'tr-TR', 'uk-UA', 'vi-VN', 'zh-CN', 'zh-HK', 'zh-TW',
];

const CANONICAL_BY_LOWER_CASE = new Map(SUPPORTED_CULTURES.map((culture) => [culture.toLowerCase(), culture]));

/** The canonical spelling of a supported culture, compared case-insensitively; undefined if unsupported. */
export function canonicalCulture(culture: string): string | undefined {
  return CANONICAL_BY_LOWER_CASE.get(culture.toLowerCase());
}
