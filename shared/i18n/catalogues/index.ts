// Every catalogue, so the completeness test sees each one. Add a new area's catalogue here.
import type { Catalogue } from '../translate.js';
import { audioFirstMessages } from './audio-first.js';
import { languageSwitchMessages } from './language-switch.js';

export const ALL_CATALOGUES: Readonly<Record<string, Catalogue<string>>> = {
  'audio-first': audioFirstMessages,
  'language-switch': languageSwitchMessages,
};
