import { defineCatalogue } from '../translate.js';

// The frame around the connection test in the waiting room: a dialog, which shows these while the test
// itself (and its larger catalogues) loads. The /test page's title is the test's own (connection-test.ts).
export const connectionTestDialogMessages = defineCatalogue('connection-test-dialog', {
  title: 'Connection test',
  loading: 'Loading the connection test…',
  loadFailed: 'The connection test could not load. Check your internet connection, close this and try again.',
  close: 'Close',
});
