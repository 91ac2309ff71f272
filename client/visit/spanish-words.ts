// The visit page's words in Spanish, loaded with import() by a Spanish page only (main.ts): every area
// the page shows, with the background picker's, the location form's and the provider's waiting
// list's, which load later but are small. The connection test's own words come with the test (client/connection-test/spanish-words.ts).
// Each area is in one pack only: an area in two would become a chunk of its own, one more request.
import { audioFirstSpanish } from '../../shared/i18n/catalogues/es/audio-first.js';
import { backgroundSpanish } from '../../shared/i18n/catalogues/es/backgrounds.js';
import { callSpanish } from '../../shared/i18n/catalogues/es/call.js';
import { chatSpanish } from '../../shared/i18n/catalogues/es/chat.js';
import { deviceSettingsSpanish } from '../../shared/i18n/catalogues/es/device-settings.js';
import { connectionTestDialogSpanish } from '../../shared/i18n/catalogues/es/connection-test-dialog.js';
import { locationConsentSpanish } from '../../shared/i18n/catalogues/es/location-consent.js';
import { mediaProblemsSpanish } from '../../shared/i18n/catalogues/es/media-problems.js';
import { visitControlsSpanish } from '../../shared/i18n/catalogues/es/visit-controls.js';
import { visitDialogsSpanish } from '../../shared/i18n/catalogues/es/visit-dialogs.js';
import { visitPageSpanish } from '../../shared/i18n/catalogues/es/visit-page.js';
import { visitProblemSpanish } from '../../shared/i18n/catalogues/es/visit-problems.js';
import { waitingListSpanish } from '../../shared/i18n/catalogues/es/waiting-list.js';
import { waitingRoomSpanish } from '../../shared/i18n/catalogues/es/waiting-room.js';
import type { LanguagePack } from '../../shared/i18n/translate.js';

export const SPANISH_VISIT_WORDS: LanguagePack = {
  'audio-first': audioFirstSpanish,
  backgrounds: backgroundSpanish,
  call: callSpanish,
  chat: chatSpanish,
  'connection-test-dialog': connectionTestDialogSpanish,
  'device-settings': deviceSettingsSpanish,
  'location-consent': locationConsentSpanish,
  'media-problems': mediaProblemsSpanish,
  'visit-controls': visitControlsSpanish,
  'visit-dialogs': visitDialogsSpanish,
  'visit-page': visitPageSpanish,
  'visit-problems': visitProblemSpanish,
  'waiting-list': waitingListSpanish,
  'waiting-room': waitingRoomSpanish,
};
