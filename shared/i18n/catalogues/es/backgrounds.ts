import type { Translation } from '../../translate.js';
import type { backgroundMessages } from '../backgrounds.js';

// The messages of ../backgrounds.ts in Spanish.
export const backgroundSpanish: Translation<typeof backgroundMessages> = {
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
};
