import type { Translation } from '../../translate.js';
import type { visitPageMessages } from '../visit-page.js';

// The messages of ../visit-page.ts in Spanish.
export const visitPageSpanish: Translation<typeof visitPageMessages> = {
  pageTitle: 'Su videoconsulta · Vestibule',
  opening: 'Abriendo su visita…',
  starting: 'Empezando…',
  connectingToVisit: 'Conectando con su visita…',
  connectionLost: 'Se perdió la conexión. Volviendo a conectar…',
  disconnected: 'Desconectado',
  joiningAs: '{start} – {end} · entra como {name}',
  stage: 'Video',
  connectingToCall: 'Conectándole a la llamada…',
  letIn: '{provider} le dejó entrar en la llamada.',
  othersAway: '{provider} no está en la llamada ahora. Quédese en esta página: la llamada sigue cuando vuelva.',
  cannotSee: 'Su cliente no le ve. Encienda la cámara con los botones de abajo.',
  cannotHear: 'Su cliente no le oye. Encienda el micrófono con los botones de abajo.',
  cannotSeeOrHear: 'Su cliente no le ve ni le oye. Encienda la cámara y el micrófono con los botones de abajo.',
  turnedOffMicrophone: '{name} apagó su micrófono',
  turnedOffCamera: '{name} apagó su cámara',
  onlyYouMicrophone: 'Solo usted puede volver a encenderlo, con el botón Micrófono de abajo.',
  onlyYouCamera: 'Solo usted puede volver a encenderla, con el botón Cámara de abajo.',
  participant: 'Participante',
  codeLabel: 'Código de la visita',
  codeJoin: 'Entrar en la visita',
  codeHeading: 'Entre en su visita',
  codeAsk: 'Escriba el código de la visita que aparece en su invitación.',
  backgroundFailed:
    'Los fondos no se cargaron, así que su video no se está enviando. Vuelva a cargar la página para intentarlo de nuevo, o envíe su video sin fondo.',
  sendWithoutBackground: 'Enviar mi video sin fondo',
  partFailedTitle: 'No se pudo abrir',
  partFailedBody: 'Una parte de la página no se cargó. Compruebe su conexión a internet y vuelva a intentarlo.',
  providerPartsFailedTitle: 'No se pudo cargar la lista de personas en espera',
  providerPartsFailedBody:
    'Compruebe su conexión a internet y vuelva a cargar la página. Mientras tanto, puede dar paso a las personas desde el panel Participantes.',
};
