import { defineCatalogue } from '../translate.js';

// The provider's side of the waiting room: the list of people waiting and what their pages report,
// what the stage says while nobody is in the call, a client's stated location, and the notices the
// provider posts to those waiting. Only a provider's page loads these (client/visit/provider-parts.ts).
export const waitingListMessages = defineCatalogue('waiting-list', {
  waitingRoom: 'Waiting room',
  admitAll: 'Admit all',
  waitingFor: 'waiting {time}',
  lastOfList: '{list} and {last}',
  oneWaitingTitle: '{name} is in the waiting room',
  oneWaitingBody: 'Admit them when you are ready.',
  manyWaitingTitle: '{count} people are in the waiting room',
  manyWaitingBody: 'Admit each of them, or all at once.',
  oneLeftTitle: '{name} left the call',
  oneLeftBody: 'They can come back with the same link while the appointment lasts; you will see them here when they do.',
  manyLeftTitle: '{names} left the call',
  manyLeftBody: 'Each of them can come back with the same link while the appointment lasts; you will see them here when they do.',
  nobodyYetTitle: 'Waiting for your client to arrive',
  nobodyYetBody: 'They will appear here when they open their link.',
  locationMissing: 'Location not given yet',
  locationIn: 'In {place}',
  locationOutside: 'Outside your licensed states: {name} says they are in {place}',
  consentAgreed: 'Consent agreed (version {version})',
  emergencyAddressFor: 'Emergency address for {name}',
  composerHeading: 'Tell those waiting',
  runningMinutesLate: 'Running {minutes} minutes late',
  ownWords: 'Your own words',
  showToWaiting: 'Show to those waiting',
  showingNow: 'Showing to those waiting: “{text}”',
  takeDown: 'Take the message down',
});
