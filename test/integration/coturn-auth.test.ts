// Vestibule's TURN credentials against a real coturn: what it signs, coturn accepts; what is
// expired or signed with another secret, coturn refuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { turnCredential, turnIceServers, type TurnConfig } from '../../server/turn/credentials.js';
import { startCoturn, type RunningCoturn } from '../support/coturn.js';
import { turnAllocate } from '../support/turn-client.js';

const NEW_SECRET = 'new-secret-3f9a1c';
const OLD_SECRET = 'old-secret-77be20';

function credentialsFor(coturn: RunningCoturn, secret: string, participantId: string): { username: string; password: string } {
  const cfg: TurnConfig = { urls: [coturn.urls.udp, coturn.urls.tcp], secret, maxTtlSeconds: 3600 };
  const now = new Date();
  const [server] = turnIceServers(cfg, { participantId, now, notAfter: new Date(now.getTime() + 30 * 60_000) });
  if (!server?.username || !server.credential) throw new Error('turnIceServers returned no credentials');
  return { username: server.username, password: server.credential };
}

describe('coturn with one shared secret', () => {
  let coturn: RunningCoturn;
  beforeAll(async () => {
    coturn = await startCoturn({ secret: NEW_SECRET });
  });
  afterAll(async () => {
    await coturn?.stop();
  });

  it.each(['udp', 'tcp'] as const)('accepts a fresh credential from turnIceServers over %s', async (transport) => {
    const result = await turnAllocate({
      host: '127.0.0.1',
      port: coturn.port,
      transport,
      ...credentialsFor(coturn, NEW_SECRET, `p-${transport}`),
    });
    expect(result, coturn.logs()).toMatchObject({ ok: true, relayedAddress: { address: '127.0.0.1' }, integrityVerified: true });
  });

  it('refuses an expired credential with 401', async () => {
    const username = `${Math.floor(Date.now() / 1000) - 60}:p-expired`;
    const result = await turnAllocate({
      host: '127.0.0.1',
      port: coturn.port,
      transport: 'udp',
      username,
      password: turnCredential(NEW_SECRET, username),
    });
    expect(result).toMatchObject({ ok: false, errorCode: 401 });
  });

  it('refuses a credential signed with the wrong secret with 401', async () => {
    const result = await turnAllocate({
      host: '127.0.0.1',
      port: coturn.port,
      transport: 'tcp',
      ...credentialsFor(coturn, 'not-the-secret', 'p-wrong'),
    });
    expect(result).toMatchObject({ ok: false, errorCode: 401 });
  });
});

// Rotation window: coturn lists the new and the previous secret (two static-auth-secret lines).
describe('coturn during a secret rotation', () => {
  let coturn: RunningCoturn;
  beforeAll(async () => {
    coturn = await startCoturn({ secret: NEW_SECRET, previousSecret: OLD_SECRET });
  });
  afterAll(async () => {
    await coturn?.stop();
  });

  it.each([
    ['new', NEW_SECRET],
    ['previous', OLD_SECRET],
  ])('accepts a credential signed with the %s secret', async (_label, secret) => {
    const result = await turnAllocate({
      host: '127.0.0.1',
      port: coturn.port,
      transport: 'udp',
      ...credentialsFor(coturn, secret, `p-${_label}`),
    });
    expect(result, coturn.logs()).toMatchObject({ ok: true, integrityVerified: true });
  });

  it('still refuses a secret it does not list', async () => {
    const result = await turnAllocate({
      host: '127.0.0.1',
      port: coturn.port,
      transport: 'udp',
      ...credentialsFor(coturn, 'not-the-secret', 'p-other'),
    });
    expect(result).toMatchObject({ ok: false, errorCode: 401 });
  });
});
