// Every catalogue, so the completeness test sees each one. Add a new area's catalogue here.
import type { Catalogue } from '../translate.js';
import { audioFirstMessages } from './audio-first.js';
import { callMessages } from './call.js';
import { chatMessages } from './chat.js';
import { connectionTestAdviceMessages } from './connection-test-advice.js';
import { connectionTestDialogMessages } from './connection-test-dialog.js';
import { visitProblemMessages } from './visit-problems.js';
import { connectionTestMessages } from './connection-test.js';
import { backgroundMessages } from './backgrounds.js';
import { languageSwitchMessages } from './language-switch.js';
import { mediaProblemsMessages } from './media-problems.js';
import { visitControlsMessages } from './visit-controls.js';
import { visitDialogsMessages } from './visit-dialogs.js';
import { visitPageMessages } from './visit-page.js';
import { waitingRoomMessages } from './waiting-room.js';
import { locationConsentMessages } from './location-consent.js';

export const ALL_CATALOGUES: Readonly<Record<string, Catalogue<string>>> = {
  'audio-first': audioFirstMessages,
  backgrounds: backgroundMessages,
  'language-switch': languageSwitchMessages,
  call: callMessages,
  chat: chatMessages,
  'media-problems': mediaProblemsMessages,
  'visit-controls': visitControlsMessages,
  'visit-dialogs': visitDialogsMessages,
  'visit-page': visitPageMessages,
  'waiting-room': waitingRoomMessages,
  'connection-test': connectionTestMessages,
  'connection-test-advice': connectionTestAdviceMessages,
  'connection-test-dialog': connectionTestDialogMessages,
  'visit-problems': visitProblemMessages,
  'location-consent': locationConsentMessages,
};
