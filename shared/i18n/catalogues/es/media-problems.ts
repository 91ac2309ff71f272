import type { Translation } from '../../translate.js';
import type { mediaProblemsMessages } from '../media-problems.js';

// The messages of ../media-problems.ts in Spanish.
export const mediaProblemsSpanish: Translation<typeof mediaProblemsMessages> = {
  blockedTitle: 'La cámara y el micrófono están bloqueados',
  allowOnPhone:
    'Su navegador no permitió que esta página los use. Abra los ajustes de este sitio web en su navegador (en un iPhone, el botón de ajustes de la página junto a la dirección web; en Android, el icono a la izquierda de la dirección web), ponga Cámara y Micrófono en Permitir y vuelva a intentarlo.',
  allowOnComputer:
    'Su navegador no permitió que esta página los use. Haga clic en el icono de la cámara (o del candado) en la barra de direcciones, elija Permitir para la cámara y el micrófono y vuelva a intentarlo.',
  inUseTitle: 'Su cámara o su micrófono están ocupados',
  inUseBody:
    'Otra aplicación o pestaña del navegador los está usando. Cierre esa aplicación o pestaña (aplicaciones de video, otras llamadas) y vuelva a intentarlo.',
  notFoundTitle: 'No se encontró cámara ni micrófono',
  notFoundBody: 'Compruebe que están conectados y encendidos, y vuelva a intentarlo.',
  insecureTitle: 'Esta página no es segura',
  insecureBody: 'Los navegadores solo permiten usar la cámara en páginas seguras (https). Pida a su terapeuta el enlace correcto.',
  unsupportedTitle: 'Este navegador no puede hacer videollamadas',
  unsupportedBody: 'Abra el enlace en una versión actual de Chrome, Edge, Firefox o Safari.',
  otherTitle: 'No se pudo encender la cámara o el micrófono',
  otherBody: 'Vuelva a cargar la página. Si sigue pasando, reinicie el navegador.',
  noCameraTitle: 'No se encontró ninguna cámara',
  noCameraBody: 'Puede entrar igualmente, pero no le verán. Compruebe que la cámara está conectada y vuelva a intentarlo.',
  noMicrophoneTitle: 'No se encontró ningún micrófono',
  noMicrophoneBody: 'Puede entrar igualmente, pero no le oirán. Compruebe que el micrófono está conectado y vuelva a intentarlo.',
  cameraStoppedTitle: 'Su cámara dejó de funcionar',
  microphoneStoppedTitle: 'Su micrófono dejó de funcionar',
  stoppedBody:
    'Puede que el dispositivo se haya desconectado o que otra aplicación lo esté usando. Pulse su botón, abajo, para volver a activarlo.',
};
