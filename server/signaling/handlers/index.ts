// Dispatch by table: every client message type has exactly one handler.
import { audioFirst } from './audio-first.js';
import { hello, mediaState, ping, signal, testSummary } from './call.js';
import { chat } from './chat.js';
import { location } from './location.js';
import { moderate } from './moderation.js';
import { waitingNotice } from './notice.js';
import { endSession, restartSession } from './session.js';
import type { HandlerTable } from './types.js';
import { admit, ready, remove } from './waiting-room.js';

export const HANDLERS: HandlerTable = {
  hello,
  ping,
  ready,
  admit,
  remove,
  signal,
  'media-state': mediaState,
  'test-summary': testSummary,
  chat,
  moderate,
  'end-session': endSession,
  'restart-session': restartSession,
  'waiting-notice': waitingNotice,
  'audio-first': audioFirst,
  location,
};
