import type { Translation } from '../../translate.js';
import type { chatMessages } from '../chat.js';

// The messages of ../chat.ts in Spanish.
export const chatSpanish: Translation<typeof chatMessages> = {
  heading: 'Mensajes',
  close: 'Cerrar mensajes',
  noMessages: 'Todavía no hay mensajes.',
  logLabel: 'Mensajes de la conversación',
  placeholder: 'Escriba un mensaje',
  message: 'Mensaje',
  send: 'Enviar',
  inWaitingRoom: 'En la sala de espera',
  inCall: 'En la llamada',
  you: 'Usted',
  notSaved: 'No se guardan.',
  callGroupClient: 'Todas las personas de esta llamada ven estos mensajes, también los demás clientes. {notSaved}',
  call: 'Todas las personas de esta llamada ven estos mensajes. {notSaved}',
  waitingGroupProvider: 'Todas las personas de la sala de espera ven estos mensajes: cada cliente que espera esta visita. {notSaved}',
  waitingProvider: 'Todas las personas de la sala de espera ven estos mensajes. {notSaved}',
  waitingGroupClient:
    'Su terapeuta y todas las personas de la sala de espera ven estos mensajes, también otros clientes. No escriba aquí nada privado. {notSaved}',
  waitingClient: 'Su terapeuta y todas las personas de la sala de espera ven estos mensajes. {notSaved}',
  oneCharacterLeft: 'Queda 1 carácter',
  charactersLeft: 'Quedan {count} caracteres',
  sendTo: 'Enviar mensajes a',
  toCall: 'Personas en la llamada',
  toWaiting: 'Personas esperando',
  newMessage: 'Nuevo mensaje de {name}',
  newMessages: '{count} mensajes nuevos, el último de {name}',
};
