// Builds the app and starts one real Vestibule server for the browser tests. Everything the server
// prints goes to a file, which tests read to prove that no token, SDP or name reaches the output.
import { buildAll } from '../../../scripts/build.mjs';
import { publishServerInfo } from './server-info.js';
import { startVestibule } from './server-process.js';

export default async function globalSetup(): Promise<() => Promise<void>> {
  await buildAll({ quiet: true });
  const server = await startVestibule();
  const { stop, ...info } = server;
  publishServerInfo(info);
  return stop;
}
