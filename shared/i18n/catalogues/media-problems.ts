import { defineCatalogue } from '../translate.js';

// What the visit page tells a person whose camera or microphone cannot be used, worded for a phone
// or a computer.
export const mediaProblemsMessages = defineCatalogue('media-problems', {
  blockedTitle: 'Camera and microphone are blocked',
  allowOnPhone:
    "Your browser did not allow this page to use them. Open this website's settings in your browser (on an iPhone, the page-settings button beside the web address; on Android, the icon at the left of the web address), set Camera and Microphone to Allow, then try again.",
  allowOnComputer:
    'Your browser did not allow this page to use them. Click the camera icon (or the padlock) in the address bar, choose Allow for the camera and microphone, then try again.',
  inUseTitle: 'Your camera or microphone is busy',
  inUseBody: 'Another app or browser tab is using it. Close that app or tab (video apps, other calls), then try again.',
  notFoundTitle: 'No camera or microphone found',
  notFoundBody: 'Check that they are plugged in and switched on, then try again.',
  insecureTitle: 'This page is not secure',
  insecureBody: 'Browsers only allow the camera on secure (https) pages. Ask your provider for the correct link.',
  unsupportedTitle: 'This browser cannot make video calls',
  unsupportedBody: 'Open the link in a current version of Chrome, Edge, Firefox or Safari.',
  otherTitle: 'Camera or microphone could not start',
  otherBody: 'Reload the page. If it keeps happening, restart your browser.',
  noCameraTitle: 'No camera found',
  noCameraBody: 'You can still join, but the other side will not see you. Check that your camera is connected, then try again.',
  noMicrophoneTitle: 'No microphone found',
  noMicrophoneBody: 'You can still join, but the other side will not hear you. Check that your microphone is connected, then try again.',
  cameraStoppedTitle: 'Your camera stopped',
  microphoneStoppedTitle: 'Your microphone stopped',
  stoppedBody: 'It may have been unplugged or taken by another app. Press its button below to turn it on again.',
});
