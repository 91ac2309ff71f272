import { defineCatalogue } from '../translate.js';

// The controls bar at the bottom of the visit and the menu in the corner of each video tile.
export const visitControlsMessages = defineCatalogue('visit-controls', {
  barLabel: 'Visit controls',
  microphone: 'Microphone',
  camera: 'Camera',
  shareScreen: 'Share screen',
  on: 'On',
  off: 'Off',
  sharing: 'Sharing',
  attendees: 'Attendees',
  chat: 'Chat',
  chatUnread: 'Chat, {count} unread',
  leave: 'Leave session',
  end: 'End session',
  optionsForYou: 'Options for you',
  optionsFor: 'Options for {name}',
  makeMain: 'Make main video',
  shrink: 'Shrink video',
  mute: 'Mute',
  stopVideo: 'Stop video',
  fullscreen: 'Fullscreen',
  hideSelf: 'Hide self view',
  showSelf: 'Show self view',
  moveSelf: 'Move self view to another corner',
  settings: 'Audio and video settings',
});
