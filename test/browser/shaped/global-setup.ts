// Global setup for the shaped-network runs (scripts/test-shaped.mjs): a real coturn on loopback with a
// fresh shared secret, handed through the environment to the Vestibule server that the shared global
// setup starts. The relay
// check and the packet-loss probe then run against a real relay on the same shaped link.
import { randomBytes } from 'node:crypto';
import { startCoturn, type RunningCoturn } from '../../support/coturn.js';
import sharedGlobalSetup from '../support/global-setup.js';

export default async function shapedGlobalSetup(): Promise<() => Promise<void>> {
  let coturn: RunningCoturn | null = null;
  if (process.env.SHAPED_NO_TURN !== '1') {
    const secret = randomBytes(18).toString('hex');
    coturn = await startCoturn({ secret });
    // The secret goes to the server only; the browser gets time-limited credentials from /api/connection-test/ice.
    // Both names: the shared setup maps E2E_TURN_URLS to TURN_URLS, or passes the environment through.
    process.env.E2E_TURN_URLS = `${coturn.urls.udp},${coturn.urls.tcp}`;
    process.env.TURN_URLS = process.env.E2E_TURN_URLS;
    process.env.TURN_SECRET = secret;
  }
  const teardown = await sharedGlobalSetup();
  return async () => {
    await teardown();
    await coturn?.stop();
  };
}
