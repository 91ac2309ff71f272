// Calls through a real coturn relay started on loopback, with the server told to force the relay
// (FORCE_RELAY) so no direct path can be used. One server per test, each with its own TURN settings.
import { expect, test, type Page } from '@playwright/test';
import { startCoturn, type RunningCoturn } from '../support/coturn.js';
import { startVestibule, type RunningServer } from './support/server-process.js';
import { admittedCall } from './support/call.js';
import { demoLinksOn, expectCleanServerLog, expectRemoteMediaFlowing, tokenOf } from './support/visit.js';

const SECRET = 'relay-test-secret-0123456789';
let coturn: RunningCoturn;
let server: RunningServer | undefined;

test.beforeAll(async () => {
  coturn = await startCoturn({ secret: SECRET });
});
test.afterAll(async () => coturn?.stop());
test.afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** The local candidate of the pair each open peer connection selected, read straight from stats. */
function selectedLocalCandidates(page: Page): Promise<{ candidateType: string; relayProtocol?: string }[]> {
  return page.evaluate(async () => {
    const out: { candidateType: string; relayProtocol?: string }[] = [];
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
      if (pc.connectionState !== 'connected') continue;
      const stats = new Map<string, Record<string, unknown>>();
      (await pc.getStats()).forEach((s) => stats.set(s.id, s));
      const pair = [...stats.values()].find(
        (s) => s.type === 'candidate-pair' && (s.selected === true || (s.nominated === true && s.state === 'succeeded')),
      );
      const local = pair && stats.get(pair.localCandidateId as string);
      if (local) out.push({ candidateType: String(local.candidateType), relayProtocol: local.relayProtocol as string | undefined });
    }
    return out;
  });
}

for (const transport of ['udp', 'tcp'] as const) {
  test(`a call forced through the relay connects over ${transport.toUpperCase()}, relayed on both sides`, async ({ browser }) => {
    server = await startVestibule({ TURN_URLS: coturn.urls[transport], TURN_SECRET: SECRET, FORCE_RELAY: '1' });
    const links = demoLinksOn(server);
    const call = await admittedCall(browser, links);
    for (const page of [call.provider, call.client]) {
      await expect.poll(() => selectedLocalCandidates(page)).toEqual([{ candidateType: 'relay', relayProtocol: transport }]);
      await expect(page.locator('.connection-details .route')).toHaveText(`Relayed (${transport.toUpperCase()})`);
    }
    // Neither the TURN secret nor the tokens reach the server's output.
    expectCleanServerLog([SECRET, tokenOf(links.clientUrl), tokenOf(links.providerUrl)], server);
    await call.close();
  });
}

test('credentials the relay refuses: the page says the relay is unreachable instead of hanging', async ({ browser }) => {
  // Vestibule signs with a secret coturn does not know: every Allocate gets 401.
  server = await startVestibule({
    TURN_URLS: `${coturn.urls.udp},${coturn.urls.tcp}`,
    TURN_SECRET: 'not-the-relay-secret-xyz',
    FORCE_RELAY: '1',
  });
  const call = await admittedCall(browser, demoLinksOn(server), { expectMedia: false });
  for (const page of [call.provider, call.client]) {
    // By its words: the background picker's own (empty) alert region can be on the page too.
    await expect(page.getByRole('alert').filter({ hasText: "Can't reach the relay server" })).toBeVisible();
    await expect(page.locator('.connection-details .route[data-route^="relay"]')).toHaveCount(0);
  }
  await call.close();
});

test('when the relay goes away mid-call the tiles say so, and ICE restarts the call once it is back', async ({ browser }) => {
  test.setTimeout(120_000);
  const own = await startCoturn({ secret: SECRET });
  try {
    server = await startVestibule({ TURN_URLS: own.urls.udp, TURN_SECRET: SECRET, FORCE_RELAY: '1' });
    const call = await admittedCall(browser, demoLinksOn(server));
    await own.stop();
    const sides = [
      [call.provider, 'Jordan'],
      [call.client, 'Dr. Rivera'],
    ] as const;
    for (const [page, other] of sides) {
      await expect(page.locator('.tile[data-peer] [data-status]')).toContainText('Reconnecting', { timeout: 30_000 });
      // Screen readers are told too, with whose connection it is.
      await expect(page.getByRole('status').filter({ hasText: `${other}: Reconnecting…` })).toHaveCount(1);
    }
    const back = await startCoturn({ secret: SECRET, port: own.port });
    try {
      for (const [page, other] of sides) {
        await expect(page.locator('.tile[data-peer] [data-status]')).not.toContainText('Reconnecting', { timeout: 45_000 });
        await expect(page.getByRole('status').filter({ hasText: `${other}: Connected again` })).toHaveCount(1);
        await expectRemoteMediaFlowing(page);
        await expect.poll(() => selectedLocalCandidates(page)).toEqual([{ candidateType: 'relay', relayProtocol: 'udp' }]);
      }
    } finally {
      await back.stop();
    }
    await call.close();
  } finally {
    await own.stop();
  }
});
