// Limits on /ws that a clinic behind one address never meets and an attacker does: foreign origins,
// floods of bad links, reload loops on one link, silent sockets.
import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/constants.js';
import { createVisit, type TestApp, testApp } from '../support/app.js';
import { upgradeResponse, upgradeStatus } from '../support/upgrade.js';
import { isType, WsClient } from '../support/ws-client.js';

let t: TestApp | undefined;
afterEach(async () => t?.app.close());

describe('who may open the signaling socket', () => {
  it("accepts the service's own origin and listed ones, refuses others with 403 before the upgrade", async () => {
    t = await testApp({ PUBLIC_URL: 'https://visits.example.org', ALLOWED_ORIGINS: 'https://portal.example.org' });
    expect(await upgradeStatus(t.app, { origin: 'https://visits.example.org' })).toBe(101);
    expect(await upgradeStatus(t.app, { origin: 'https://portal.example.org' })).toBe(101);
    expect(await upgradeStatus(t.app, { origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(t.app, { origin: 'http://visits.example.org' })).toBe(403);
  });

  it('a clinic: 200 people joining within a minute from one address are all let in', async () => {
    t = await testApp();
    const visits = await Promise.all(Array.from({ length: 100 }, () => createVisit(t!.app)));
    const admitted = await Promise.all(
      visits.map(async (v) => {
        const provider = await WsClient.join(t!.app, v.appointmentId, v.providerToken);
        const client = await WsClient.join(t!.app, v.appointmentId, v.clientToken);
        provider.send({ type: 'admit', participantId: v.clientId });
        return client.next(isType('admission', (m) => m.admission === 'admitted'));
      }),
    );
    expect(admitted).toHaveLength(100);
  });

  it('past WS_UPGRADES_PER_MINUTE sockets from one address, the next is refused until the count over the last minute leaves room', async () => {
    // The service's clock, held still 15 s before the end of a minute, moves only when the test says.
    let now = Math.floor(Date.now() / 60_000) * 60_000 + 45_000;
    t = await testApp({ WS_UPGRADES_PER_MINUTE: '2' }, { now: () => now });
    expect([await upgradeStatus(t.app), await upgradeStatus(t.app)]).toEqual([101, 101]);
    const refused = await upgradeResponse(t.app);
    expect(refused.status).toBe(429);
    // Three this minute (the refused one counts) are one, leaving room for one more, 40 s into the next.
    expect(refused.headers['retry-after']).toBe('55');
    now += 55_000;
    expect(await upgradeStatus(t.app)).toBe(101);
  });

  it('sockets opened across the turn of a minute are counted together', async () => {
    let now = Math.floor(Date.now() / 60_000) * 60_000 + 59_000;
    t = await testApp({ WS_UPGRADES_PER_MINUTE: '2' }, { now: () => now });
    expect([await upgradeStatus(t.app), await upgradeStatus(t.app)]).toEqual([101, 101]);
    now += 2_000;
    expect(await upgradeStatus(t.app)).toBe(429);
  });

  it('a flood of bad links from one address is cut off for the minute; good links from elsewhere still join', async () => {
    t = await testApp({ WS_BAD_HELLOS_PER_MINUTE: '5' });
    const v = await createVisit(t.app);
    for (let i = 0; i < 5; i++) {
      const c = await WsClient.open(t.app, { real: true });
      const err = await c.request(
        { type: 'hello', version: PROTOCOL_VERSION, appointmentId: v.appointmentId, token: `forged.${i}.x` },
        isType('error'),
      );
      expect(err).toMatchObject({ code: 'link_invalid', fatal: true });
    }
    const cutOff = await upgradeResponse(t.app);
    expect(cutOff.status).toBe(429);
    expect(Number(cutOff.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(cutOff.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Through a trusted proxy another client's address is its own, and is not blocked.
    await t.app.close();
    t = await testApp({ WS_BAD_HELLOS_PER_MINUTE: '1', TRUST_PROXY: '1' });
    const w = await createVisit(t.app);
    const bad = await WsClient.open(t.app, { real: true, headers: { 'x-forwarded-for': '203.0.113.7' } });
    await bad.request(
      { type: 'hello', version: PROTOCOL_VERSION, appointmentId: w.appointmentId, token: 'forged.token.x' },
      isType('error'),
    );
    expect(await upgradeStatus(t.app, { 'x-forwarded-for': '203.0.113.7' })).toBe(429);
    const good = await WsClient.open(t.app, { real: true, headers: { 'x-forwarded-for': '198.51.100.9' } });
    const welcome = await good.request(
      { type: 'hello', version: PROTOCOL_VERSION, appointmentId: w.appointmentId, token: w.clientToken },
      isType('welcome'),
    );
    expect(welcome.type).toBe('welcome');
  });

  it('one link opened in a loop is refused past the per-link limit', async () => {
    t = await testApp({ WS_JOINS_PER_MINUTE_PER_LINK: '3' });
    const v = await createVisit(t.app);
    for (let i = 0; i < 3; i++) expect((await WsClient.join(t.app, v.appointmentId, v.clientToken)).frames[0]?.type).toBe('welcome');
    const fourth = await WsClient.open(t.app);
    const err = await fourth.request(
      { type: 'hello', version: PROTOCOL_VERSION, appointmentId: v.appointmentId, token: v.clientToken },
      isType('error'),
    );
    expect(err).toMatchObject({ code: 'rate_limited', fatal: true });
    // The provider's own link is counted apart.
    expect((await WsClient.join(t.app, v.appointmentId, v.providerToken)).frames[0]?.type).toBe('welcome');
  });

  it('closes a socket that sends no hello in time', async () => {
    t = await testApp({ HELLO_TIMEOUT_MS: '300' });
    const c = await WsClient.open(t.app, { real: true });
    const err = await c.next(isType('error'));
    expect(err).toMatchObject({ code: 'hello_required', fatal: true });
    expect((await c.closed()).code).toBe(4000);
  });
});
