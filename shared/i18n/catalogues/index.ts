// Every area's messages in every language, so the completeness test sees each one. Add a new area's
// catalogue (and its Spanish, es/) here.
import type { Catalogue, Language, LanguagePack, Messages } from '../translate.js';
import { audioFirstMessages } from './audio-first.js';
import { backgroundMessages } from './backgrounds.js';
import { callMessages } from './call.js';
import { chatMessages } from './chat.js';
import { connectionTestAdviceMessages } from './connection-test-advice.js';
import { connectionTestDialogMessages } from './connection-test-dialog.js';
import { connectionTestMessages } from './connection-test.js';
import { deviceSettingsMessages } from './device-settings.js';
import { audioFirstSpanish } from './es/audio-first.js';
import { backgroundSpanish } from './es/backgrounds.js';
import { callSpanish } from './es/call.js';
import { chatSpanish } from './es/chat.js';
import { connectionTestAdviceSpanish } from './es/connection-test-advice.js';
import { connectionTestDialogSpanish } from './es/connection-test-dialog.js';
import { connectionTestSpanish } from './es/connection-test.js';
import { deviceSettingsSpanish } from './es/device-settings.js';
import { locationConsentSpanish } from './es/location-consent.js';
import { mediaProblemsSpanish } from './es/media-problems.js';
import { visitControlsSpanish } from './es/visit-controls.js';
import { visitDialogsSpanish } from './es/visit-dialogs.js';
import { visitPageSpanish } from './es/visit-page.js';
import { visitProblemSpanish } from './es/visit-problems.js';
import { waitingListSpanish } from './es/waiting-list.js';
import { waitingRoomSpanish } from './es/waiting-room.js';
import { languageSwitchMessages } from './language-switch.js';
import { locationConsentMessages } from './location-consent.js';
import { mediaProblemsMessages } from './media-problems.js';
import { visitControlsMessages } from './visit-controls.js';
import { visitDialogsMessages } from './visit-dialogs.js';
import { visitPageMessages } from './visit-page.js';
import { visitProblemMessages } from './visit-problems.js';
import { waitingListMessages } from './waiting-list.js';
import { waitingRoomMessages } from './waiting-room.js';

/** Each area's English catalogue with its Spanish. */
const TRANSLATED: readonly (readonly [Catalogue<string>, Messages<string>])[] = [
  [audioFirstMessages, audioFirstSpanish],
  [backgroundMessages, backgroundSpanish],
  [callMessages, callSpanish],
  [chatMessages, chatSpanish],
  [mediaProblemsMessages, mediaProblemsSpanish],
  [visitControlsMessages, visitControlsSpanish],
  [visitDialogsMessages, visitDialogsSpanish],
  [deviceSettingsMessages, deviceSettingsSpanish],
  [visitPageMessages, visitPageSpanish],
  [waitingRoomMessages, waitingRoomSpanish],
  [waitingListMessages, waitingListSpanish],
  [connectionTestMessages, connectionTestSpanish],
  [connectionTestAdviceMessages, connectionTestAdviceSpanish],
  [connectionTestDialogMessages, connectionTestDialogSpanish],
  [visitProblemMessages, visitProblemSpanish],
  [locationConsentMessages, locationConsentSpanish],
];

/** Every area's messages, by area, in every language. */
export const ALL_CATALOGUES: Readonly<Record<string, Readonly<Record<Language, Messages<string>>>>> = {
  ...Object.fromEntries(TRANSLATED.map(([catalogue, es]) => [catalogue.area, { en: catalogue.en, es }])),
  'language-switch': languageSwitchMessages,
};

/** Every area's Spanish: what the server and tests in Node speak Spanish with (a browser page loads only its own). */
export const ALL_SPANISH: LanguagePack = Object.fromEntries(TRANSLATED.map(([catalogue, es]) => [catalogue.area, es]));
