// Every catalogue, so the completeness test sees each one. Add a new area's catalogue here.
import type { Catalogue } from '../translate.js';
import { languageSwitchMessages } from './language-switch.js';
import { locationConsentMessages } from './location-consent.js';

export const ALL_CATALOGUES: Readonly<Record<string, Catalogue<string>>> = {
  'language-switch': languageSwitchMessages,
  'location-consent': locationConsentMessages,
};
