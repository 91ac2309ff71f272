import type { Translation } from '../../translate.js';
import type { waitingRoomMessages } from '../waiting-room.js';

// The messages of ../waiting-room.ts in Spanish.
export const waitingRoomSpanish: Translation<typeof waitingRoomMessages> = {
  heading: 'Está en la sala de espera',
  togglesLabel: 'Cámara y micrófono',
  micLevel: 'Nivel del micrófono',
  micLevelUnavailable: 'Ahora no se puede mostrar el nivel de su micrófono. Esto no cambia lo que oyen los demás.',
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
  questionsFirst: 'Primero responda a las preguntas de arriba.',
  questionsLoadFailed:
    'No se pudieron cargar las preguntas previas a su consulta. Revise su conexión a internet y vuelva a cargar la página.',
  reloadPage: 'Volver a cargar la página',
};
