import { describe, expect, it } from 'vitest';
import { describeTurnConfig, parseTurnUrls, turnCredential, turnIceServers, type TurnConfig } from '../../server/turn/credentials.js';

const cfg: TurnConfig = {
  urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:443?transport=tcp'],
  secret: 'vestibule-test-secret',
  previousSecret: 'the-old-secret',
  maxTtlSeconds: 3600,
};
const now = new Date('2023-11-14T22:13:20Z'); // unix 1700000000
const nowSeconds = 1_700_000_000;

function usernameOf(servers: ReturnType<typeof turnIceServers>): string {
  expect(servers).toHaveLength(1);
  const username = servers[0]?.username;
  if (!username) throw new Error('no username');
  return username;
}

describe('turnCredential', () => {
  // Expected values computed outside Node with:
  //   printf '%s' "$USERNAME" | openssl dgst -sha1 -hmac "$SECRET" -binary | base64
  it('matches HMAC-SHA1 vectors computed with openssl', () => {
    expect(turnCredential('vestibule-test-secret', '1700000000:participant-42')).toBe('LW1mQgdUhFLa2R53YRQqQ2Xe9Eo=');
    expect(turnCredential('Jefe', 'what do ya want for nothing?')).toBe('7/zfauXrL6LSdBbV8YTfnCWafHk='); // RFC 2202 case 2
  });
});

describe('turnIceServers', () => {
  it('returns no servers when TURN is not configured', () => {
    expect(turnIceServers(null, { participantId: 'p', now, notAfter: now })).toEqual([]);
  });

  it('issues "<expiry>:<participantId>" with a credential signed by the current secret', () => {
    const notAfter = new Date(now.getTime() + 24 * 3600_000);
    const servers = turnIceServers(cfg, { participantId: 'participant-42', now, notAfter });
    const username = usernameOf(servers);
    expect(username).toMatch(/^\d+:participant-42$/);
    expect(servers[0]?.credential).toBe(turnCredential(cfg.secret, username));
    expect(servers[0]?.credential).not.toBe(turnCredential('the-old-secret', username));
    expect(servers[0]?.urls).toEqual(cfg.urls);
  });

  it('caps the expiry at now + maxTtlSeconds', () => {
    const notAfter = new Date(now.getTime() + 24 * 3600_000);
    const username = usernameOf(turnIceServers(cfg, { participantId: 'p', now, notAfter }));
    expect(username).toBe(`${nowSeconds + 3600}:p`);
  });

  it('caps the expiry at the end of the appointment', () => {
    const notAfter = new Date(now.getTime() + 20 * 60_000);
    const username = usernameOf(turnIceServers(cfg, { participantId: 'p', now, notAfter }));
    expect(username).toBe(`${nowSeconds + 20 * 60}:p`);
  });

  it('still issues a short, future credential when the appointment has ended', () => {
    const notAfter = new Date(now.getTime() - 3600_000);
    const username = usernameOf(turnIceServers(cfg, { participantId: 'p', now, notAfter }));
    expect(username).toBe(`${nowSeconds + 60}:p`);
  });

  it('never exceeds maxTtlSeconds, even below the 60 s minimum', () => {
    const username = usernameOf(turnIceServers({ ...cfg, maxTtlSeconds: 30 }, { participantId: 'p', now, notAfter: now }));
    expect(username).toBe(`${nowSeconds + 30}:p`);
  });

  it('rejects participant ids that would corrupt the username', () => {
    const notAfter = new Date(now.getTime() + 60_000);
    expect(() => turnIceServers(cfg, { participantId: '', now, notAfter })).toThrow(/participantId/);
    expect(() => turnIceServers(cfg, { participantId: 'a b', now, notAfter })).toThrow(/participantId/);
  });
});

describe('parseTurnUrls', () => {
  it('accepts turn: and turns: URLs and drops empty entries', () => {
    expect(
      parseTurnUrls(' turn:turn.example.org:3478?transport=udp, ,turns:turn.example.org:443?transport=tcp,, turn:[2001:db8::1] '),
    ).toEqual(['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:443?transport=tcp', 'turn:[2001:db8::1]']);
    expect(parseTurnUrls('')).toEqual([]);
  });

  it('rejects entries that are not TURN URLs, naming the bad one', () => {
    expect(() => parseTurnUrls('turn:ok.example.org,http://x')).toThrow(/"http:\/\/x"/);
    expect(() => parseTurnUrls('stun:stun.example.org')).toThrow(/"stun:stun.example.org"/);
    expect(() => parseTurnUrls('turn:user:pass@turn.example.org')).toThrow(/user:pass@/);
    expect(() => parseTurnUrls('turn:turn.example.org:99999')).toThrow(/99999/);
    expect(() => parseTurnUrls('turn:turn.example.org?transport=sctp')).toThrow(/sctp/);
  });
});

describe('describeTurnConfig', () => {
  it('summarises without revealing any secret', () => {
    const summary = describeTurnConfig(cfg);
    expect(summary).toMatchObject({ enabled: true, urlCount: 2, maxTtlSeconds: 3600, rotatingSecret: true });
    const text = JSON.stringify(summary);
    expect(text).not.toContain(cfg.secret);
    expect(text).not.toContain('the-old-secret');
  });

  it('reports TURN as off when not configured', () => {
    expect(describeTurnConfig(null)).toMatchObject({ enabled: false, urlCount: 0 });
  });
});
