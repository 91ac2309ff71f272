import type { Translation } from '../../translate.js';
import type { visitProblemMessages } from '../visit-problems.js';

// The messages of ../visit-problems.ts in Spanish.
export const visitProblemSpanish: Translation<typeof visitProblemMessages> = {
  testLink: 'Pruebe su cámara, su micrófono y su conexión',
  'early.title': 'Su visita se abre a las {opensAt}',
  'early.body':
    'Su cita es a las {startsAt}; la sala de espera se abre {minutes} minutos antes. Ha llegado pronto. Deje esta página abierta: le dejará entrar sola cuando se abra la visita. Mientras tanto, puede probar su cámara, su micrófono y su conexión.',
  'early.bodyWithProvider':
    'Su cita con {provider} es a las {startsAt}; la sala de espera se abre {minutes} minutos antes. Ha llegado pronto. Deje esta página abierta: le dejará entrar sola cuando se abra la visita. Mientras tanto, puede probar su cámara, su micrófono y su conexión.',
  'early.countdown': 'La visita se abre dentro de {left}.',
  'early.opening': 'La visita se está abriendo…',
  'expired.title': 'Este enlace ha caducado',
  'expired.body': 'La cita para la que se creó ya ha pasado. Pida un enlace nuevo a su terapeuta.',
  'cancelled.title': 'Esta visita se ha cancelado',
  'cancelled.body':
    'Con este enlace no hay ninguna visita a la que entrar. Si tiene preguntas o quiere otra hora, póngase en contacto con la consulta.',
  'revoked.title': 'Este enlace ya no es válido',
  'revoked.body': 'Su terapeuta lo ha retirado. Pídale un enlace nuevo.',
  'wrongAppointment.title': 'Este enlace es de otra cita',
  'wrongAppointment.body': 'Abra el enlace de su invitación tal como lo recibió, o pida uno nuevo a su terapeuta.',
  'invalid.title': 'Este enlace no es válido',
  'invalid.body':
    'Puede que le falte una parte. Copie el enlace completo de su invitación y vuelva a abrirlo, o pida uno nuevo a su terapeuta.',
  'replaced.title': 'Esta visita está abierta en otra pestaña o ventana',
  'replaced.body': 'Solo una ventana puede estar en la visita a la vez.',
  'replaced.action': 'Usar esta ventana',
  'removed.title': 'Ha salido de la sala de espera',
  'removed.body': 'Su terapeuta le ha quitado de la sala de espera. Si cree que es un error, póngase en contacto con su terapeuta.',
  'sessionEnded.title': 'Esta sesión ha terminado',
  'sessionEnded.body':
    'Su terapeuta ha terminado la visita. Si se ha cortado por error, póngase en contacto con su terapeuta: puede volver a empezarla.',
  'full.title': 'Esta visita está completa',
  'full.body':
    'En una visita puede haber como mucho seis personas a la vez. Pida a su terapeuta que le avise cuando alguien salga y vuelva a cargar esta página.',
  'full.action': 'Volver a intentarlo',
  'updated.title': 'Vestibule se ha actualizado',
  'updated.body': 'Vuelva a cargar esta página para continuar.',
  reload: 'Volver a cargar',
  'other.title': 'Algo ha fallado',
  'other.body': 'Vuelva a cargar la página para intentarlo de nuevo.',
  'noWebrtc.title': 'Este navegador no puede hacer videollamadas',
  'noWebrtc.body':
    'Le falta la tecnología de videollamadas (WebRTC) que necesita la visita. Abra este mismo enlace en una versión actual de Chrome, Edge, Firefox o Safari. En un teléfono, use Safari (iPhone, iPad) o Chrome (Android), y no el navegador de otra aplicación.',
  'relay.title': 'No se puede llegar al servidor de respaldo',
  'relay.body':
    'Su red bloquea el servidor que lleva el video a través de los cortafuegos, así que puede que la llamada no se conecte. Pruebe con otra red (por ejemplo, compartiendo los datos de su teléfono) o pida a su equipo de informática que permita las videollamadas con este servicio.',
  'missingToken.title': 'A este enlace le falta una parte',
  'missingToken.body':
    'Falta una parte del enlace. Copie el enlace completo de su invitación y vuelva a abrirlo, o pida uno nuevo a su terapeuta.',
  'codeNotFound.title': 'Este código no abre ninguna visita',
  'codeNotFound.body':
    'Revise el código y vuelva a escribirlo tal como lo recibió. Si sigue sin funcionar, pida un enlace nuevo a su terapeuta.',
  'codeTooMany.title': 'Se han probado demasiados códigos',
  'codeTooMany.body':
    'Por su seguridad, desde esta conexión hay que esperar un minuto antes de probar otro código. Después, vuelva a escribirlo.',
  'codeServer.title': 'No se puede conectar con el servicio de visitas',
  'codeServer.body': 'Compruebe su conexión a internet y vuelva a probar el código.',
  'page.missingAppointment.body':
    'Falta una parte del enlace de la visita. Copie el enlace completo de su invitación y vuelva a abrirlo, o pida uno nuevo a su terapeuta.',
  'page.badLink.body':
    'El enlace de la visita se ha modificado o está cortado. Copie el enlace completo de su invitación y vuelva a abrirlo, o pida uno nuevo a su terapeuta.',
  'page.notFound.title': 'Página no encontrada',
  'page.notFound.body': 'En esta dirección no hay nada. Para entrar en una visita, abra el enlace personal que le envió su terapeuta.',
  'left.title': 'Ha salido de la visita',
  'left.body': 'Su cámara y su micrófono están apagados. Puede volver mientras dure la cita.',
  'left.rejoin': 'Volver a la visita',
  'ended.title': 'Esta visita ha terminado',
  'ended.byProvider': '{provider} ha terminado la visita. Gracias por conectarse.',
  'ended.byYourProvider': 'Su terapeuta ha terminado la visita. Gracias por conectarse.',
  'ended.devicesOff': 'Su cámara y su micrófono están apagados. Ya puede cerrar esta página.',
  'ended.cutOff': 'Si se ha cortado por error, póngase en contacto con su terapeuta: puede volver a empezar la visita.',
};
