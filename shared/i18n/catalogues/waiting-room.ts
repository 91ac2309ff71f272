import { defineCatalogue } from '../translate.js';

// The client's waiting room (the pre-join), the notices shown to those waiting (the provider's controls
// for posting them are in waiting-list.ts), and what it says about the questions before a visit
// (location-consent.ts) while they are open or when they cannot load.
export const waitingRoomMessages = defineCatalogue('waiting-room', {
  heading: 'You are in the waiting room',
  togglesLabel: 'Camera and microphone',
  micLevel: 'Microphone level',
  micLevelUnavailable: "Your microphone level can't be shown right now. This does not change what others hear.",
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
  questionsFirst: 'Please answer the questions above first.',
  questionsLoadFailed: 'The questions before your visit did not load. Please check your internet connection, then reload the page.',
  reloadPage: 'Reload the page',
});
