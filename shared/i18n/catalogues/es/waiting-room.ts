import type { Translation } from '../../translate.js';
import type { waitingRoomMessages } from '../waiting-room.js';

// The messages of ../waiting-room.ts in Spanish.
export const waitingRoomSpanish: Translation<typeof waitingRoomMessages> = {
  heading: 'Está en la sala de espera',
  togglesLabel: 'Cámara y micrófono',
  micLevel: 'Nivel del micrófono',
  ready: 'Todo listo',
  testConnection: 'Probar mi conexión',
  fixThis: 'Cómo solucionarlo',
  tryAgain: 'Intentar de nuevo',
  yourProvider: 'su terapeuta',
  letsYouIn: '{provider} le dará paso cuando empiece la visita ({time}).',
  checkYourself: 'Compruebe cómo se le ve y se le oye. Cuando todo esté bien, pulse «Todo listo».',
  knowsReady: '{provider} ya sabe que usted puede empezar.',
  runningLate: '{provider} se está retrasando un poco y estará con usted en unos {minutes} minutos. Por favor, no cierre esta página.',
  providerSays: '{provider}: {text}',
  providerNotJoined:
    'Su visita sigue en pie, pero {provider} todavía no se ha conectado. Por favor, no cierre esta página: verá que usted está esperando.',
  composerHeading: 'Avisar a quienes esperan',
  ownWords: 'Con sus propias palabras',
  showToWaiting: 'Mostrar a quienes esperan',
  takeDown: 'Retirar el mensaje',
  runningMinutesLate: 'Me retraso {minutes} minutos',
  showingNow: 'Se muestra a quienes esperan: «{text}»',
};
