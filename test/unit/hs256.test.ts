// The synchronous HS256 check against tokens jose signs: it accepts exactly what jose's own check
// accepts as to signature and algorithm.
import { createHmac } from 'node:crypto';
import { base64url, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { verifyHs256 } from '../../server/links/hs256.js';

const KEY = new TextEncoder().encode('k'.repeat(32));
const OTHER = new TextEncoder().encode('o'.repeat(32));
const sign = (key = KEY, alg = 'HS256') =>
  new SignJWT({ apt: 'a1', role: 'client' }).setProtectedHeader({ alg, typ: 'JWT' }).setSubject('p1').setJti('j1').sign(key);

describe('verifyHs256', () => {
  it('accepts a token jose signed with the key, and returns its claims', async () => {
    const token = await sign();
    const r = verifyHs256(token, KEY);
    expect(r).toEqual({ ok: true, payload: (await jwtVerify(token, KEY)).payload });
  });

  it('refuses a token signed with another key', async () => {
    expect(verifyHs256(await sign(OTHER), KEY)).toEqual({ ok: false, reason: 'signature' });
  });

  it('refuses a changed payload under the old signature', async () => {
    const [h, , s] = (await sign()).split('.');
    const forged = base64url.encode(JSON.stringify({ apt: 'a1', role: 'provider', sub: 'p1', jti: 'j1' }));
    expect(verifyHs256(`${h}.${forged}.${s}`, KEY)).toEqual({ ok: false, reason: 'signature' });
  });

  it('refuses another algorithm, even correctly signed with the key (HS512)', async () => {
    expect(verifyHs256(await sign(KEY, 'HS512'), KEY).ok).toBe(false);
  });

  it("refuses the 'none' algorithm and tokens that are not three parts", async () => {
    const none = `${base64url.encode('{"alg":"none"}')}.${base64url.encode('{"sub":"p1"}')}.`;
    expect(verifyHs256(none, KEY).ok).toBe(false);
    expect(verifyHs256('a.b', KEY)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyHs256('x'.repeat(5000), KEY)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses a signed header with critical extensions it does not understand', () => {
    const h = base64url.encode(JSON.stringify({ alg: 'HS256', crit: ['x'], x: 1 }));
    const p = base64url.encode('{}');
    const s = createHmac('sha256', KEY).update(`${h}.${p}`).digest('base64url');
    expect(verifyHs256(`${h}.${p}.${s}`, KEY)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('reads any signed HS256 header, not only the one jose writes (which it need not parse)', () => {
    const p = base64url.encode(JSON.stringify({ sub: 'p1' }));
    for (const head of [{ alg: 'HS256', typ: 'JWT' }, { typ: 'JWT', alg: 'HS256' }, { alg: 'HS256' }]) {
      const h = base64url.encode(JSON.stringify(head));
      const s = createHmac('sha256', KEY).update(`${h}.${p}`).digest('base64url');
      expect(verifyHs256(`${h}.${p}.${s}`, KEY)).toEqual({ ok: true, payload: { sub: 'p1' } });
    }
  });
});
