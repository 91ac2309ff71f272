import { defineCatalogue } from '../translate.js';

// The camera, microphone and speaker choices, wherever the visit page shows them (before joining and
// in the audio and video settings), and the names given to devices the browser leaves unnamed.
export const deviceSettingsMessages = defineCatalogue('device-settings', {
  camera: 'Camera',
  microphone: 'Microphone',
  speakers: 'Speakers',
  noneFound: 'None found',
  noCamera: 'No camera found. If you have one, check that it is plugged in and that this page may use it.',
  noMicrophone: 'No microphone found. If you have one, check that it is plugged in and that this page may use it.',
  noSpeakers: "No speakers are listed. Sound plays wherever your device's sound settings send it.",
  speakersFixed:
    "This browser does not let web pages choose the speakers. Sound plays wherever your device's sound settings send it; change it there.",
  cameraNumber: 'Camera {n}',
  microphoneNumber: 'Microphone {n}',
  speakersNumber: 'Speakers {n}',
});
