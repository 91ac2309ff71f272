// The states and provinces a client picks from (United States and Canada), as ISO 3166-2 codes such as
// "US-NY" and "CA-ON", with their names in each page language. Other countries are written freely.
// A therapist's licences are listed with the same codes.
import type { Language } from './i18n/translate.js';

export type ListedCountry = 'US' | 'CA';
export const LISTED_COUNTRIES: readonly ListedCountry[] = ['US', 'CA'];

const US: Record<string, string> = {
  AL: 'Alabama',
  AK: 'Alaska',
  AZ: 'Arizona',
  AR: 'Arkansas',
  CA: 'California',
  CO: 'Colorado',
  CT: 'Connecticut',
  DE: 'Delaware',
  DC: 'District of Columbia',
  FL: 'Florida',
  GA: 'Georgia',
  HI: 'Hawaii',
  ID: 'Idaho',
  IL: 'Illinois',
  IN: 'Indiana',
  IA: 'Iowa',
  KS: 'Kansas',
  KY: 'Kentucky',
  LA: 'Louisiana',
  ME: 'Maine',
  MD: 'Maryland',
  MA: 'Massachusetts',
  MI: 'Michigan',
  MN: 'Minnesota',
  MS: 'Mississippi',
  MO: 'Missouri',
  MT: 'Montana',
  NE: 'Nebraska',
  NV: 'Nevada',
  NH: 'New Hampshire',
  NJ: 'New Jersey',
  NM: 'New Mexico',
  NY: 'New York',
  NC: 'North Carolina',
  ND: 'North Dakota',
  OH: 'Ohio',
  OK: 'Oklahoma',
  OR: 'Oregon',
  PA: 'Pennsylvania',
  RI: 'Rhode Island',
  SC: 'South Carolina',
  SD: 'South Dakota',
  TN: 'Tennessee',
  TX: 'Texas',
  UT: 'Utah',
  VT: 'Vermont',
  VA: 'Virginia',
  WA: 'Washington',
  WV: 'West Virginia',
  WI: 'Wisconsin',
  WY: 'Wyoming',
  PR: 'Puerto Rico',
  GU: 'Guam',
  VI: 'U.S. Virgin Islands',
  AS: 'American Samoa',
  MP: 'Northern Mariana Islands',
};

const CANADA: Record<string, string> = {
  AB: 'Alberta',
  BC: 'British Columbia',
  MB: 'Manitoba',
  NB: 'New Brunswick',
  NL: 'Newfoundland and Labrador',
  NS: 'Nova Scotia',
  NT: 'Northwest Territories',
  NU: 'Nunavut',
  ON: 'Ontario',
  PE: 'Prince Edward Island',
  QC: 'Quebec',
  SK: 'Saskatchewan',
  YT: 'Yukon',
};

/** Spanish names where they differ from the English ones. */
const SPANISH: Record<string, string> = {
  'US-DC': 'Distrito de Columbia',
  'US-HI': 'Hawái',
  'US-LA': 'Luisiana',
  'US-NJ': 'Nueva Jersey',
  'US-NM': 'Nuevo México',
  'US-NY': 'Nueva York',
  'US-NC': 'Carolina del Norte',
  'US-ND': 'Dakota del Norte',
  'US-PA': 'Pensilvania',
  'US-SC': 'Carolina del Sur',
  'US-SD': 'Dakota del Sur',
  'US-WV': 'Virginia Occidental',
  'US-VI': 'Islas Vírgenes de EE. UU.',
  'US-AS': 'Samoa Americana',
  'US-MP': 'Islas Marianas del Norte',
  'CA-BC': 'Columbia Británica',
  'CA-NB': 'Nuevo Brunswick',
  'CA-NL': 'Terranova y Labrador',
  'CA-NS': 'Nueva Escocia',
  'CA-NT': 'Territorios del Noroeste',
  'CA-PE': 'Isla del Príncipe Eduardo',
  'CA-QC': 'Quebec',
};

const LISTS: Record<ListedCountry, Record<string, string>> = { US, CA: CANADA };

/** The country's states or provinces as [code, name], sorted by name in that language. */
export function regionsOf(country: ListedCountry, language: Language): [string, string][] {
  const entries = Object.entries(LISTS[country]).map(([short, en]): [string, string] => {
    const code = `${country}-${short}`;
    return [code, (language === 'es' && SPANISH[code]) || en];
  });
  return entries.sort((a, b) => a[1].localeCompare(b[1], language));
}

export function isListedCountry(country: string): country is ListedCountry {
  return (LISTED_COUNTRIES as readonly string[]).includes(country);
}

/** Whether `code` is one of the listed states or provinces, e.g. "US-NY". */
export function isRegionCode(code: string): boolean {
  const [country, short] = code.split('-');
  return !!country && !!short && isListedCountry(country) && short in LISTS[country] && code === `${country}-${short}`;
}

/** A region's name for people ("New York"), or the text itself when it is not a listed code. */
export function regionName(code: string, language: Language = 'en'): string {
  if (!isRegionCode(code)) return code;
  const [country, short] = code.split('-') as [ListedCountry, string];
  return (language === 'es' && SPANISH[code]) || LISTS[country][short]!;
}
