import { defineCatalogue } from '../translate.js';

// The background picker (issue 16): in the waiting room, the provider's lobby, and the call's
// audio and video settings. Picture names match the calm pictures in client/media/background/pictures.
export const backgroundMessages = defineCatalogue('backgrounds', {
  heading: 'Background',
  none: 'None',
  blur: 'Blur',
  pictureDawn: 'Soft dawn',
  pictureLake: 'Still lake',
  pictureSage: 'Sage room',
  statusNone: 'No background effect.',
  statusStarting: 'Preparing your background… Your video is sent only once it is ready.',
  statusCameraOff: 'Your background will be applied when your camera is on.',
  statusBlurred: 'Your background is blurred. Your preview shows what others see.',
  statusPicture: 'Your background is replaced by a picture. Your preview shows what others see.',
  unsupportedHolding:
    'Background effects do not work in this browser or on this device, so your video is not being sent. You can send your camera as it is, without a background, or keep it off.',
  sendWithout: 'Send my camera without a background',
  unsupported: 'Background effects do not work in this browser or on this device.',
  slow: 'This device is too slow for a background effect: your video may look jerky. The effect stays on until you turn it off.',
  turnOff: 'Turn the background off',
});

export type BackgroundMessage = keyof (typeof backgroundMessages)['en'];
