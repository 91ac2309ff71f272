import { defineCatalogue } from '../translate.js';

// Audio first: a participant's own video pauses by itself when their connection cannot carry it.
// What they see on their own page, what the others see on their tile, and the provider's switch.
export const audioFirstMessages = defineCatalogue('audio-first', {
  selfPaused: 'Your connection is weak, so your video is paused to keep the sound clear.',
  selfComesBack: 'It comes back by itself when your connection gets better.',
  tryVideoAgain: 'Try video again',
  peerPaused: "{name}'s video is paused because of their connection",
  peerStatus: 'Video paused: weak connection',
  settingLabel: "Pause someone's video by itself when their connection is too weak for it",
  settingHint: 'The sound stays clear, and the video comes back when the connection gets better. This applies to everyone in this visit.',
});
