import { defineCatalogue } from '../translate.js';

// Pages a client reaches instead of (or after) a visit: a link that does not work yet or any more, a
// browser that cannot make calls, the server's own error pages, and the last screens of a visit.
export const visitProblemMessages = defineCatalogue(
  {
    testLink: 'Test your camera, microphone and connection',
    'early.title': 'Your visit opens at {opensAt}',
    'early.body':
      'Your appointment is at {startsAt}; the waiting room opens {minutes} minutes before. You are early. Keep this page open: it lets you in by itself when the visit opens. Meanwhile you can test your camera, microphone and connection.',
    'early.bodyWithProvider':
      'Your appointment with {provider} is at {startsAt}; the waiting room opens {minutes} minutes before. You are early. Keep this page open: it lets you in by itself when the visit opens. Meanwhile you can test your camera, microphone and connection.',
    'early.countdown': 'The visit opens in {left}.',
    'early.opening': 'The visit is opening…',
    'expired.title': 'This link has expired',
    'expired.body': 'The appointment it was made for is over. Ask your provider for a new link.',
    'cancelled.title': 'This visit was cancelled',
    'cancelled.body': 'There is no visit to join with this link. If you have questions, or would like another time, contact your practice.',
    'revoked.title': 'This link is no longer valid',
    'revoked.body': 'Your provider withdrew it. Ask them for a new link.',
    'wrongAppointment.title': 'This link is for a different appointment',
    'wrongAppointment.body': 'Open the link from your invitation exactly as you received it, or ask your provider for a new one.',
    'invalid.title': 'This link is not valid',
    'invalid.body':
      'Part of it may be missing. Copy the whole link from your invitation and open it again, or ask your provider for a new one.',
    'replaced.title': 'This visit is open in another tab or window',
    'replaced.body': 'Only one window can be in the visit at a time.',
    'replaced.action': 'Use this window instead',
    'removed.title': 'You have left the waiting room',
    'removed.body': 'Your provider removed you from the waiting room. If you think this is a mistake, contact your provider.',
    'sessionEnded.title': 'This session has ended',
    'sessionEnded.body': 'Your provider ended the visit. If you were cut off by mistake, contact your provider: they can start it again.',
    'full.title': 'This visit is full',
    'full.body':
      'A visit can have at most six people at once. Ask your provider to let you know when someone leaves, then reload this page.',
    'full.action': 'Try again',
    'updated.title': 'Vestibule was updated',
    'updated.body': 'Reload this page to continue.',
    reload: 'Reload',
    'other.title': 'Something went wrong',
    'other.body': 'Reload the page to try again.',
    'noWebrtc.title': "This browser can't make video calls",
    'noWebrtc.body':
      'It lacks the video-calling technology (WebRTC) the visit needs. Open this same link in a current version of Chrome, Edge, Firefox or Safari. On a phone, use Safari (iPhone, iPad) or Chrome (Android) rather than the browser inside another app.',
    'relay.title': "Can't reach the relay server",
    'relay.body':
      "Your network blocks the relay that carries video through firewalls, so the call may not connect. Try another network (for example your phone's hotspot), or ask your IT team to allow video calls to this service.",
    'missingToken.title': 'This link is incomplete',
    'missingToken.body':
      'Part of the link is missing. Copy the whole link from your invitation and open it again, or ask your provider for a new one.',
    'codeNotFound.title': 'This code does not open a visit',
    'codeNotFound.body':
      'Check the code and type it again exactly as you received it. If it still does not work, ask your provider for a new link.',
    'codeTooMany.title': 'Too many codes were tried',
    'codeTooMany.body': 'For your safety, this connection must wait a minute before trying another code. Then type it again.',
    'codeServer.title': "Can't reach the visit service",
    'codeServer.body': 'Check your internet connection, then try the code again.',
    'page.missingAppointment.body':
      'Part of the visit link is missing. Copy the whole link from your invitation and open it again, or ask your provider for a new one.',
    'page.badLink.body':
      'The visit link was changed or cut short. Copy the whole link from your invitation and open it again, or ask your provider for a new one.',
    'page.notFound.title': 'Page not found',
    'page.notFound.body': 'There is nothing at this address. To join a visit, open the personal link your provider sent you.',
    'left.title': 'You left the visit',
    'left.body': 'Your camera and microphone are off. You can come back while the appointment lasts.',
    'left.rejoin': 'Rejoin the visit',
    'ended.title': 'This visit has ended',
    'ended.byProvider': '{provider} ended the visit. Thank you for joining.',
    'ended.byYourProvider': 'Your provider ended the visit. Thank you for joining.',
    'ended.devicesOff': 'Your camera and microphone are off. You can close this page now.',
    'ended.cutOff': 'If you were cut off by mistake, contact your provider: they can start the visit again.',
  },
  {
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
      'Su red bloquea el servidor que lleva el vídeo a través de los cortafuegos, así que puede que la llamada no se conecte. Pruebe con otra red (por ejemplo, compartiendo los datos de su teléfono) o pida a su equipo de informática que permita las videollamadas con este servicio.',
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
  },
);
