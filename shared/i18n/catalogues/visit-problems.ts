import { defineCatalogue } from '../translate.js';

// Pages a client reaches instead of (or after) a visit: a link that does not work yet or any more, a
// browser that cannot make calls, the server's own error pages, and the last screens of a visit.
export const visitProblemMessages = defineCatalogue('visit-problems', {
  testLink: 'Test your camera, microphone and connection',
  'early.title': 'Your visit opens at {opensAt}',
  'early.body':
    'Your appointment is at {startsAt}; the waiting room opens {minutes} minutes before. You are early. Keep this page open: it lets you in by itself when the visit opens. Meanwhile you can test your camera, microphone and connection.',
  'early.bodyWithProvider':
    'Your appointment with {provider} is at {startsAt}; the waiting room opens {minutes} minutes before. You are early. Keep this page open: it lets you in by itself when the visit opens. Meanwhile you can test your camera, microphone and connection.',
  'early.countdown': 'The visit opens in {left}.',
  'early.opening': 'The visit is opening…',
  'expired.title': 'This link has expired',
  'expired.body': 'The appointment it was made for is over. Ask your provider for a new link.',
  'cancelled.title': 'This visit was cancelled',
  'cancelled.body': 'There is no visit to join with this link. If you have questions, or would like another time, contact your practice.',
  'revoked.title': 'This link is no longer valid',
  'revoked.body': 'Your provider withdrew it. Ask them for a new link.',
  'wrongAppointment.title': 'This link is for a different appointment',
  'wrongAppointment.body': 'Open the link from your invitation exactly as you received it, or ask your provider for a new one.',
  'invalid.title': 'This link is not valid',
  'invalid.body':
    'Part of it may be missing. Copy the whole link from your invitation and open it again, or ask your provider for a new one.',
  'replaced.title': 'This visit is open in another tab or window',
  'replaced.body': 'Only one window can be in the visit at a time.',
  'replaced.action': 'Use this window instead',
  'removed.title': 'You have left the waiting room',
  'removed.body': 'Your provider removed you from the waiting room. If you think this is a mistake, contact your provider.',
  'sessionEnded.title': 'This session has ended',
  'sessionEnded.body': 'Your provider ended the visit. If you were cut off by mistake, contact your provider: they can start it again.',
  'full.title': 'This visit is full',
  'full.body': 'A visit can have at most six people at once. Ask your provider to let you know when someone leaves, then reload this page.',
  'full.action': 'Try again',
  'updated.title': 'Vestibule was updated',
  'updated.body': 'Reload this page to continue.',
  reload: 'Reload',
  'other.title': 'Something went wrong',
  'other.body': 'Reload the page to try again.',
  'noWebrtc.title': "This browser can't make video calls",
  'noWebrtc.body':
    'It lacks the video-calling technology (WebRTC) the visit needs. Open this same link in a current version of Chrome, Edge, Firefox or Safari. On a phone, use Safari (iPhone, iPad) or Chrome (Android) rather than the browser inside another app.',
  'relay.title': "Can't reach the relay server",
  'relay.body':
    "Your network blocks the relay that carries video through firewalls, so the call may not connect. Try another network (for example your phone's hotspot), or ask your IT team to allow video calls to this service.",
  'missingToken.title': 'This link is incomplete',
  'missingToken.body':
    'Part of the link is missing. Copy the whole link from your invitation and open it again, or ask your provider for a new one.',
  'codeNotFound.title': 'This code does not open a visit',
  'codeNotFound.body':
    'Check the code and type it again exactly as you received it. If it still does not work, ask your provider for a new link.',
  'codeTooMany.title': 'Too many codes were tried',
  'codeTooMany.body': 'For your safety, this connection must wait a minute before trying another code. Then type it again.',
  'codeServer.title': "Can't reach the visit service",
  'codeServer.body': 'Check your internet connection, then try the code again.',
  'page.missingAppointment.body':
    'Part of the visit link is missing. Copy the whole link from your invitation and open it again, or ask your provider for a new one.',
  'page.badLink.body':
    'The visit link was changed or cut short. Copy the whole link from your invitation and open it again, or ask your provider for a new one.',
  'page.notFound.title': 'Page not found',
  'page.notFound.body': 'There is nothing at this address. To join a visit, open the personal link your provider sent you.',
  'left.title': 'You left the visit',
  'left.body': 'Your camera and microphone are off. You can come back while the appointment lasts.',
  'left.rejoin': 'Rejoin the visit',
  'ended.title': 'This visit has ended',
  'ended.byProvider': '{provider} ended the visit. Thank you for joining.',
  'ended.byYourProvider': 'Your provider ended the visit. Thank you for joining.',
  'ended.devicesOff': 'Your camera and microphone are off. You can close this page now.',
  'ended.cutOff': 'If you were cut off by mistake, contact your provider: they can start the visit again.',
});
