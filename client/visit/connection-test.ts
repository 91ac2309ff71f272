// The connection test as the visit page runs it from the waiting room. Loaded with import() when
// someone opens it, so the visit page itself stays small: most people never open it mid-visit.
export { mountConnectionTest } from '../connection-test/ui.js';
export { summarize } from '../connection-test/report.js';
