// Every catalogue, so the completeness test sees each one. Add a new area's catalogue here.
import type { Catalogue } from '../translate.js';
import { backgroundMessages } from './backgrounds.js';
import { languageSwitchMessages } from './language-switch.js';

export const ALL_CATALOGUES: Readonly<Record<string, Catalogue<string>>> = {
  backgrounds: backgroundMessages,
  'language-switch': languageSwitchMessages,
};
