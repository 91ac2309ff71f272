// Every catalogue, so the completeness test sees each one. Add a new area's catalogue here.
import type { Catalogue } from '../translate.js';
import { connectionTestAdviceMessages } from './connection-test-advice.js';
import { connectionTestDialogMessages } from './connection-test-dialog.js';
import { visitProblemMessages } from './visit-problems.js';
import { connectionTestMessages } from './connection-test.js';
import { languageSwitchMessages } from './language-switch.js';

export const ALL_CATALOGUES: Readonly<Record<string, Catalogue<string>>> = {
  'language-switch': languageSwitchMessages,
  'connection-test': connectionTestMessages,
  'connection-test-advice': connectionTestAdviceMessages,
  'connection-test-dialog': connectionTestDialogMessages,
  'visit-problems': visitProblemMessages,
};
