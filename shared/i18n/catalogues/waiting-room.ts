import { defineCatalogue } from '../translate.js';

// The client's waiting room (the pre-join) and the notices shown to those waiting, with the
// provider's controls for posting them.
export const waitingRoomMessages = defineCatalogue(
  {
    heading: 'You are in the waiting room',
    togglesLabel: 'Camera and microphone',
    micLevel: 'Microphone level',
    ready: "I'm ready",
    testConnection: 'Test my connection',
    fixThis: 'Show me how to fix this',
    tryAgain: 'Try again',
    yourProvider: 'your provider',
    letsYouIn: '{provider} will let you in when the visit starts ({time}).',
    checkYourself: 'Check how you look and sound. When you are set, press "I\'m ready".',
    knowsReady: "{provider} knows you're ready.",
    runningLate: '{provider} is running a little late and will be with you in about {minutes} minutes. Please stay on this page.',
    providerSays: '{provider}: {text}',
    providerNotJoined:
      'Your visit is still on, but {provider} has not joined yet. Please stay on this page: they will see that you are waiting.',
    composerHeading: 'Tell those waiting',
    ownWords: 'Your own words',
    showToWaiting: 'Show to those waiting',
    takeDown: 'Take the message down',
    runningMinutesLate: 'Running {minutes} minutes late',
    showingNow: 'Showing to those waiting: “{text}”',
  },
  {
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
  },
);
