import { defineCatalogue } from '../translate.js';

// The waiting room's questions before a visit, when the practice asks them: where the client is right
// now, an address for emergencies if they wish, and the practice's telehealth consent. These load with
// the form; what the waiting room says around it, even when it cannot load, is in waiting-room.ts.
export const locationConsentMessages = defineCatalogue('location-consent', {
  heading: 'Before your visit',
  intro:
    '{provider} needs to know where you are right now. It decides whether they can see you there, and where to send help in an emergency.',
  country: 'Country',
  unitedStates: 'United States',
  canada: 'Canada',
  anotherCountry: 'Another country',
  state: 'State',
  province: 'Province or territory',
  chooseState: 'Choose your state',
  chooseProvince: 'Choose your province or territory',
  countryName: 'Which country?',
  region: 'State, province or region',
  address: 'The address where you are now (optional)',
  addressHint: 'Only {provider} sees it, and only to send help in an emergency.',
  consentHeading: 'Consent to care by video',
  consentAgree: 'I have read this and I agree',
  submit: 'Continue',
  change: 'Change where I am',
  stated: 'Thank you. {provider} can see that you are in {place}.',
  needCountry: 'Please choose the country you are in.',
  needRegion: 'Please choose the state or province you are in.',
  needPlace: 'Please write the country and the region you are in.',
  needConsent: 'Please read the consent and tick the box to agree.',
  refused: 'That did not go through. Please check your answers and try again.',
});
