import type { Translation } from '../../translate.js';
import type { audioFirstMessages } from '../audio-first.js';

// The messages of ../audio-first.ts in Spanish.
export const audioFirstSpanish: Translation<typeof audioFirstMessages> = {
  selfPaused: 'Su conexión es débil, así que pausamos su video para que el sonido se oiga bien.',
  selfComesBack: 'El video volverá solo cuando mejore su conexión.',
  tryVideoAgain: 'Probar el video otra vez',
  peerPaused: 'El video de {name} está en pausa por su conexión',
  peerStatus: 'Video en pausa: conexión débil',
  settingLabel: 'Pausar el video de alguien automáticamente cuando su conexión no alcance para el video',
  settingHint: 'El sonido se sigue oyendo bien y el video vuelve cuando mejora la conexión. Vale para todas las personas de esta visita.',
};
