import type { Translation } from '../../translate.js';
import type { deviceSettingsMessages } from '../device-settings.js';

// The messages of ../device-settings.ts in Spanish.
export const deviceSettingsSpanish: Translation<typeof deviceSettingsMessages> = {
  camera: 'Cámara',
  microphone: 'Micrófono',
  speakers: 'Altavoces',
  noneFound: 'No se encontró ninguno',
  noCamera: 'No se encontró ninguna cámara. Si tiene una, compruebe que está conectada y que esta página puede usarla.',
  noMicrophone: 'No se encontró ningún micrófono. Si tiene uno, compruebe que está conectado y que esta página puede usarlo.',
  noSpeakers: 'No aparece ningún altavoz. El sonido sale por donde lo indiquen los ajustes de sonido de su dispositivo.',
  speakersFixed:
    'Este navegador no deja que las páginas web elijan los altavoces. El sonido sale por donde lo indiquen los ajustes de sonido de su dispositivo; cámbielo allí.',
  cameraNumber: 'Cámara {n}',
  microphoneNumber: 'Micrófono {n}',
  speakersNumber: 'Altavoces {n}',
};
