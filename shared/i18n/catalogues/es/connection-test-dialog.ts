import type { Translation } from '../../translate.js';
import type { connectionTestDialogMessages } from '../connection-test-dialog.js';

// The messages of ../connection-test-dialog.ts in Spanish.
export const connectionTestDialogSpanish: Translation<typeof connectionTestDialogMessages> = {
  title: 'Prueba de conexión',
  loading: 'Cargando la prueba de conexión…',
  loadFailed: 'No se pudo cargar la prueba de conexión. Compruebe su conexión a internet, cierre esto y vuelva a intentarlo.',
  close: 'Cerrar',
};
