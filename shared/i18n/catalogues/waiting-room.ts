import { defineCatalogue } from '../translate.js';

// The client's waiting room (the pre-join) and the notices shown to those waiting, with the
// provider's controls for posting them.
export const waitingRoomMessages = defineCatalogue('waiting-room', {
  heading: 'You are in the waiting room',
  togglesLabel: 'Camera and microphone',
  micLevel: 'Microphone level',
  ready: "I'm ready",
  testConnection: 'Test my connection',
  fixThis: 'Show me how to fix this',
  tryAgain: 'Try again',
  yourProvider: 'your provider',
  letsYouIn: '{provider} will let you in when the visit starts ({time}).',
  checkYourself: 'Check how you look and sound. When you are set, press "I\'m ready".',
  knowsReady: "{provider} knows you're ready.",
  runningLate: '{provider} is running a little late and will be with you in about {minutes} minutes. Please stay on this page.',
  providerSays: '{provider}: {text}',
  providerNotJoined:
    'Your visit is still on, but {provider} has not joined yet. Please stay on this page: they will see that you are waiting.',
  composerHeading: 'Tell those waiting',
  ownWords: 'Your own words',
  showToWaiting: 'Show to those waiting',
  takeDown: 'Take the message down',
  runningMinutesLate: 'Running {minutes} minutes late',
  showingNow: 'Showing to those waiting: “{text}”',
});
