import type { Translation } from '../../translate.js';
import type { waitingListMessages } from '../waiting-list.js';

// The messages of ../waiting-list.ts in Spanish.
export const waitingListSpanish: Translation<typeof waitingListMessages> = {
  waitingRoom: 'Sala de espera',
  admitAll: 'Dar paso a todos',
  waitingFor: 'esperando {time}',
  lastOfList: '{list} y {last}',
  oneWaitingTitle: '{name} está en la sala de espera',
  oneWaitingBody: 'Dele paso cuando quiera empezar.',
  manyWaitingTitle: 'Hay {count} personas en la sala de espera',
  manyWaitingBody: 'Dé paso a cada una, o a todas a la vez.',
  oneLeftTitle: '{name} salió de la llamada',
  oneLeftBody: 'Puede volver con el mismo enlace mientras dure la cita; lo verá aquí cuando vuelva.',
  manyLeftTitle: '{names} salieron de la llamada',
  manyLeftBody: 'Cada uno puede volver con el mismo enlace mientras dure la cita; los verá aquí cuando vuelvan.',
  nobodyYetTitle: 'Esperando a que llegue su cliente',
  nobodyYetBody: 'Aparecerá aquí cuando abra su enlace.',
  locationMissing: 'Aún no ha dicho dónde está',
  locationIn: 'En {place}',
  locationOutside: 'Fuera de los estados de su licencia: {name} dice que está en {place}',
  consentAgreed: 'Consentimiento aceptado (versión {version})',
  emergencyAddressFor: 'Dirección para emergencias de {name}',
  composerHeading: 'Avisar a quienes esperan',
  runningMinutesLate: 'Me retraso {minutes} minutos',
  ownWords: 'Con sus propias palabras',
  showToWaiting: 'Mostrar a quienes esperan',
  showingNow: 'Se muestra a quienes esperan: «{text}»',
  takeDown: 'Retirar el mensaje',
};
