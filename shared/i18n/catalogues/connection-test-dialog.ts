import { defineCatalogue } from '../translate.js';

// The frame around the connection test: the /test page's title and the waiting room's dialog, which
// shows these while the test itself (and its larger catalogues) loads.
export const connectionTestDialogMessages = defineCatalogue(
  {
    title: 'Connection test',
    loading: 'Loading the connection test…',
    loadFailed: 'The connection test could not load. Check your internet connection, close this and try again.',
    close: 'Close',
  },
  {
    title: 'Prueba de conexión',
    loading: 'Cargando la prueba de conexión…',
    loadFailed: 'No se pudo cargar la prueba de conexión. Compruebe su conexión a internet, cierre esto y vuelva a intentarlo.',
    close: 'Cerrar',
  },
);
