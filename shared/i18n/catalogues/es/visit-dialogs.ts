import type { Translation } from '../../translate.js';
import type { visitDialogsMessages } from '../visit-dialogs.js';

// The messages of ../visit-dialogs.ts in Spanish.
export const visitDialogsSpanish: Translation<typeof visitDialogsMessages> = {
  cancel: 'Cancelar',
  close: 'Cerrar',
  ok: 'Aceptar',
  done: 'Listo',
  shareHeading: 'Antes de compartir su pantalla',
  shareEveryone: 'Todas las personas de esta llamada verán la pantalla, ventana o pestaña que elija a continuación.',
  shareCloseFirst: 'Cierre antes todo lo privado que no quiera mostrar, por ejemplo:',
  shareRecords: 'historias y notas de otros clientes',
  shareMail: 'el correo y los calendarios',
  shareNotifications: 'mensajes y avisos emergentes',
  shareLess: 'Si comparte una sola ventana o pestaña del navegador, se ve menos que si comparte toda la pantalla.',
  shareYes: 'Compartir pantalla',
  endHeading: '¿Terminar la sesión para todos?',
  endEveryone: 'Todas las personas saldrán de la llamada, y a quien siga en la sala de espera se le avisará de que la sesión ha terminado.',
  endRestart: 'Puede volver a empezarla hasta que acabe la hora de la cita.',
  endYes: 'Terminar la sesión para todos',
  leaveHeading: '¿Salir de la visita?',
  leaveProvider:
    'Usted sale de la llamada; la sesión sigue abierta y los demás siguen en ella. Para cerrarla para todos, use Terminar la sesión.',
  leaveClient: 'Puede volver con el mismo enlace mientras dure la cita.',
  leaveYes: 'Salir de la visita',
  endedHeading: 'La sesión ha terminado',
  endedCanRestart: 'Todos han salido de la llamada. Si la terminó por error, puede volver a empezarla hasta que acabe la hora de la cita.',
  endedOver: 'Todos han salido de la llamada. La hora de la cita ya pasó, así que no se puede volver a empezar.',
  restart: 'Volver a empezar la sesión',
  endedByProvider: 'Su terapeuta ha terminado la sesión. Gracias por conectarse.',
  closePage: 'Ya puede cerrar esta página.',
  settingsHeading: 'Ajustes de audio y video',
  noLocationHeading: '{name} no ha dicho dónde está',
  noLocationBody: 'La consulta pide a los clientes que digan dónde están antes de cada visita, y {name} aún no ha respondido.',
  noLocationAdvice: 'Si le da entrada ahora, pregúntele al empezar dónde está y una dirección por si hubiera una emergencia.',
  noLocationAdmit: 'Dar entrada a {name} de todos modos',
};
