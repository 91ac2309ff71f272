import { defineCatalogue } from '../translate.js';

// The visit page around the call: its header and connection line, notices, the provider's reminder
// that the client cannot see or hear them, and the short link's code form.
export const visitPageMessages = defineCatalogue('visit-page', {
  pageTitle: 'Your video visit · Vestibule',
  opening: 'Opening your visit…',
  starting: 'Starting…',
  connectingToVisit: 'Connecting to your visit…',
  connectionLost: 'Connection lost. Reconnecting…',
  disconnected: 'Disconnected',
  joiningAs: '{start} – {end} · you are joining as {name}',
  stage: 'Video',
  connectingToCall: 'Connecting you to the call…',
  letIn: '{provider} let you into the call.',
  othersAway: '{provider} is not in the call right now. Stay on this page: the call goes on when they are back.',
  cannotSee: 'Your client cannot see you. Turn on your camera with the buttons below.',
  cannotHear: 'Your client cannot hear you. Turn on your microphone with the buttons below.',
  cannotSeeOrHear: 'Your client cannot see or hear you. Turn on your camera and microphone with the buttons below.',
  turnedOffMicrophone: '{name} turned off your microphone',
  turnedOffCamera: '{name} turned off your camera',
  onlyYouMicrophone: 'Only you can turn it back on, with the Microphone button below.',
  onlyYouCamera: 'Only you can turn it back on, with the Camera button below.',
  participant: 'Participant',
  codeLabel: 'Visit code',
  codeJoin: 'Join the visit',
  codeHeading: 'Join your visit',
  codeAsk: 'Type the visit code from your invitation.',
  backgroundFailed:
    'Backgrounds did not load, so your video is not being sent. Reload the page to try again, or send your video without a background.',
  sendWithoutBackground: 'Send my video without a background',
  partFailedTitle: 'That did not open',
  partFailedBody: 'Part of the page did not load. Check your internet connection, then try again.',
  providerPartsFailedTitle: 'The list of people waiting did not load',
  providerPartsFailedBody:
    'Check your internet connection, then reload the page. Until then, you can admit people from the Attendees panel.',
});
