import { defineCatalogue } from '../translate.js';

// The background picker (issue 16): in the waiting room, the provider's lobby, and the call's
// audio and video settings. Picture names match the calm pictures in client/media/background/pictures.
export const backgroundMessages = defineCatalogue(
  {
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
  },
  {
    heading: 'Fondo',
    none: 'Ninguno',
    blur: 'Desenfocar',
    pictureDawn: 'Amanecer suave',
    pictureLake: 'Lago en calma',
    pictureSage: 'Sala verde salvia',
    statusNone: 'Sin efecto de fondo.',
    statusStarting: 'Preparando su fondo… Su video se enviará solo cuando esté listo.',
    statusCameraOff: 'Su fondo se aplicará cuando encienda la cámara.',
    statusBlurred: 'Su fondo está desenfocado. La vista previa muestra lo que ven los demás.',
    statusPicture: 'Su fondo se ha cambiado por una imagen. La vista previa muestra lo que ven los demás.',
    unsupportedHolding:
      'Los efectos de fondo no funcionan en este navegador o en este dispositivo, así que su video no se está enviando. Puede enviar la imagen de su cámara tal como es, sin fondo, o dejarla apagada.',
    sendWithout: 'Enviar mi cámara sin fondo',
    unsupported: 'Los efectos de fondo no funcionan en este navegador o en este dispositivo.',
    slow: 'Este dispositivo es demasiado lento para un efecto de fondo: su video puede verse entrecortado. El efecto seguirá activo hasta que usted lo quite.',
    turnOff: 'Quitar el fondo',
  },
);

export type BackgroundMessage = keyof (typeof backgroundMessages)['en'];
