import type { Translation } from '../../translate.js';
import type { visitControlsMessages } from '../visit-controls.js';

// The messages of ../visit-controls.ts in Spanish.
export const visitControlsSpanish: Translation<typeof visitControlsMessages> = {
  barLabel: 'Controles de la visita',
  microphone: 'Micrófono',
  camera: 'Cámara',
  shareScreen: 'Compartir pantalla',
  on: 'Activado',
  off: 'Desactivado',
  sharing: 'Compartiendo',
  attendees: 'Participantes',
  chat: 'Mensajes',
  chatUnread: 'Mensajes, {count} sin leer',
  leave: 'Salir de la sesión',
  end: 'Terminar la sesión',
  optionsForYou: 'Opciones para usted',
  optionsFor: 'Opciones para {name}',
  makeMain: 'Ver en grande',
  shrink: 'Reducir el video',
  mute: 'Silenciar',
  stopVideo: 'Detener su video',
  fullscreen: 'Pantalla completa',
  hideSelf: 'Ocultar mi imagen',
  showSelf: 'Mostrar mi imagen',
  moveSelf: 'Mover mi imagen a otra esquina',
  settings: 'Ajustes de audio y video',
};
