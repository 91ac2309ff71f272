import { defineCatalogue } from '../translate.js';

// What the visit page tells a person whose camera or microphone cannot be used, worded for a phone
// or a computer.
export const mediaProblemsMessages = defineCatalogue(
  {
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
  },
  {
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
  },
);
