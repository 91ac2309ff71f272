// Signaling under hostile input: several sockets at once send thousands of random, malformed,
// truncated, deeply nested, oversized and type-confused frames, binary frames and text frames that are
// not UTF-8, some before `hello` and some after joining their own visits with valid links. Meanwhile
// a bystander visit (a provider and an admitted client) exchanges signals. Afterwards: the bystander
// got every signal, in order, and nothing else; neither of its sockets closed; a fresh join works;
// and the server logged no error.
//
// Everything random comes from one seed, printed at the start: FUZZ_SEED=<seed> npx vitest run
// test/integration/signaling-fuzz.test.ts replays the same plan: the same frames, in the same order,
// on the same succession of sockets per worker (only when the server closes a socket, which frames
// were still in flight to it, depends on timing).
import { afterAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { MAX_FRAME_BYTES, PROTOCOL_VERSION } from '../../shared/constants.js';
import type { ServerMessage, ServerMessageOf } from '../../shared/protocol.js';
import { createVisit, type TestApp, testApp, type Visit } from '../support/app.js';
import { isType, WsClient } from '../support/ws-client.js';

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) >>> 0 : (Date.now() ^ (process.pid << 16)) >>> 0;
/** Hostile frames in all, spread over WORKERS sockets open at the same time. */
const TOTAL_FRAMES = 5000;
const WORKERS = 6;
/** Signals each bystander sends; their pace follows the fuzzing's progress, so they span all of it. */
const BYSTANDER_SIGNALS = 200;
/** Below the per-socket rate limit (50 frames a second): a bystander never has a frame refused. */
const BYSTANDER_GAP_MS = 25;
/** The fuzzing itself must finish within this. */
const FUZZ_DEADLINE_MS = 20_000;
/** The server's payload cap (server/app.ts): a frame beyond it closes the socket with 1009. */
const MAX_PAYLOAD = 4 * MAX_FRAME_BYTES;

// --- A seeded PRNG (mulberry32) and helpers ----------------------------------------------------

type Rng = () => number;

function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const between = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const chance = (r: Rng, p: number): boolean => r() < p;

/** Picks a branch by weight: weighted(r, [[3, () => a], [1, () => b]]). */
function weighted<T>(r: Rng, options: readonly (readonly [number, () => T])[]): T {
  const total = options.reduce((s, [w]) => s + w, 0);
  let x = r() * total;
  for (const [w, f] of options) {
    if ((x -= w) < 0) return f();
  }
  return options[options.length - 1]![1]();
}

// --- Frames ------------------------------------------------------------------------------------

type Frame = { kind: 'text'; data: string } | { kind: 'binary'; data: Buffer } | { kind: 'bad-utf8'; data: Buffer };

/** What the generator may put in id, token and appointment fields: real ones (the bystander's ids too: a hostile frame naming them must not reach it) and junk. */
interface Pools {
  ids: string[];
  appointmentIds: string[];
  /** Valid links of the hostile visits only; the bystander's links are never sent by the fuzzer. */
  tokens: string[];
}

const WEIRD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '%00%ff',
  '\u202eevil',
  '😀'.repeat(50),
  '\ud800',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'a'.repeat(65),
  'x'.repeat(5000),
  '{{7*7}}',
  'eyJhbGciOiJIUzI1NiJ9.e30.',
  'hello',
  'ping',
];
const WEIRD_NUMBERS = [0, -0, -1, 1, 1.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, 5e-324, Number.MAX_SAFE_INTEGER];
const TYPES = [
  'hello',
  'ready',
  'admit',
  'remove',
  'signal',
  'test-summary',
  'media-state',
  'chat',
  'moderate',
  'end-session',
  'restart-session',
  'ping',
] as const;
const NEAR_MISS_TYPES = ['Ping', 'ping ', 'PING', 'hello\u0000', 'signal\n', '', 'pong', 'welcome', 'error', 'roster', 'launch-missiles'];
const ODD_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'type', 'from', 'session', 'fatal', ''];

function randomString(r: Rng, max = 40): string {
  const alphabet = 'abcXYZ019 _-./:"\\{}[],\u00e9\u4e2d\u0000\u202e\ud83d\ude00';
  let s = '';
  for (let i = between(r, 0, max); i > 0; i--) s += alphabet[between(r, 0, alphabet.length - 1)];
  return s;
}

function randomValue(r: Rng, pools: Pools, depth = 0): unknown {
  const leaf = depth > 3;
  return weighted<unknown>(r, [
    [1, () => null],
    [1, () => chance(r, 0.5)],
    [2, () => (chance(r, 0.5) ? pick(r, WEIRD_NUMBERS) : (r() - 0.5) * 10 ** between(r, 0, 20))],
    [2, () => randomString(r)],
    [2, () => pick(r, WEIRD_STRINGS)],
    [1, () => pick(r, pools.ids)],
    [1, () => pick(r, pools.tokens)],
    [leaf ? 0 : 1, () => Array.from({ length: between(r, 0, 4) }, () => randomValue(r, pools, depth + 1))],
    [leaf ? 0 : 1, () => randomObject(r, pools, depth + 1)],
  ]);
}

/** An object that may hold keys such as __proto__ as its own (a null prototype keeps them plain). */
function randomObject(r: Rng, pools: Pools, depth: number): Record<string, unknown> {
  const o: Record<string, unknown> = Object.create(null);
  for (let i = between(r, 0, 4); i > 0; i--) o[chance(r, 0.4) ? pick(r, ODD_KEYS) : randomString(r, 8)] = randomValue(r, pools, depth);
  return o;
}

const anyId = (r: Rng, pools: Pools): string =>
  chance(r, 0.8) ? pick(r, pools.ids) : pick(r, ['x', 'A'.repeat(64), 'A'.repeat(65), 'a b', '../x']);

/** A frame of a real type whose fields are well-formed, or nearly. */
function validishFrame(r: Rng, pools: Pools, type = pick(r, TYPES)): Record<string, unknown> {
  const candidate = () =>
    chance(r, 0.1)
      ? null
      : { candidate: `candidate:${between(r, 0, 9)} 1 udp 1 192.0.2.${between(r, 1, 254)} 9 typ host`, sdpMid: '0', sdpMLineIndex: 0 };
  switch (type) {
    case 'hello':
      return {
        type,
        version: chance(r, 0.8) ? PROTOCOL_VERSION : pick(r, [0, 2, -1, 1.5, 99]),
        appointmentId: chance(r, 0.8) ? pick(r, pools.appointmentIds) : anyId(r, pools),
        token: chance(r, 0.5)
          ? pick(r, pools.tokens)
          : pick(r, ['forged.token.x', 'a'.repeat(10), 'a'.repeat(4096), `${pick(r, pools.tokens)}x`]),
      };
    case 'ready':
      return { type, ready: chance(r, 0.5) };
    case 'admit':
    case 'remove':
      return { type, participantId: anyId(r, pools) };
    case 'signal': {
      const frame: Record<string, unknown> = { type, to: anyId(r, pools) };
      if (chance(r, 0.5)) frame.description = { type: pick(r, ['offer', 'answer', 'rollback']), sdp: `v=0\r\n${randomString(r, 200)}` };
      if (chance(r, 0.6)) frame.candidate = candidate();
      return frame;
    }
    case 'test-summary':
      return { type, summary: { verdict: pick(r, ['pass', 'warn', 'fail']), text: randomString(r, 200) } };
    case 'media-state':
      return { type, audio: chance(r, 0.5), video: chance(r, 0.5), screen: chance(r, 0.5) };
    case 'chat':
      return {
        type,
        channel: pick(r, ['waiting', 'call']),
        text: chance(r, 0.9) ? randomString(r, 300) || 'hi' : 'y'.repeat(pick(r, [2000, 2001])),
      };
    case 'moderate':
      return { type, participantId: anyId(r, pools), action: pick(r, ['mute-audio', 'stop-video']) };
    case 'ping':
      return { type, t: chance(r, 0.7) ? Date.now() : pick(r, WEIRD_NUMBERS) };
    default:
      return { type };
  }
}

/** A valid-ish frame with one thing wrong: a field missing, added, or of another type; or the type itself. */
function mutatedFrame(r: Rng, pools: Pools): Record<string, unknown> {
  const frame = validishFrame(r, pools);
  const keys = Object.keys(frame).filter((k) => k !== 'type');
  return weighted(r, [
    [
      2,
      () => {
        if (keys.length) delete frame[pick(r, keys)];
        return frame;
      },
    ],
    [
      3,
      () => {
        frame[keys.length && chance(r, 0.7) ? pick(r, keys) : 'type'] = randomValue(r, pools);
        return frame;
      },
    ],
    [
      2,
      () => {
        const extra = Object.assign(Object.create(null), frame) as Record<string, unknown>;
        extra[pick(r, ODD_KEYS)] = randomValue(r, pools);
        return extra;
      },
    ],
    [
      1,
      () => {
        frame.type = pick(r, NEAR_MISS_TYPES);
        return frame;
      },
    ],
  ]);
}

/** Brackets (and keys) nested `depth` deep, closed or left open. */
function nested(r: Rng, depth: number): string {
  const open = chance(r, 0.5) ? '[' : '{"a":';
  const close = open === '[' ? ']' : '}';
  const inner = `${open.repeat(depth)}${chance(r, 0.5) ? '1' : ''}${chance(r, 0.7) ? close.repeat(depth) : ''}`;
  return chance(r, 0.5) ? inner : `{"type":"${pick(r, TYPES)}","x":${inner}}`;
}

function invalidUtf8(r: Rng): Buffer {
  const bad = pick(r, [
    [0xff],
    [0xc3, 0x28],
    [0xc0, 0xaf], // overlong "/"
    [0xed, 0xa0, 0x80], // a UTF-16 surrogate half, encoded
    [0xe2, 0x82], // a sequence cut short
    [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
    [0x80],
  ]);
  const before = Buffer.from(pick(r, ['', '{"type":"ping","t":', '{"type":"chat","channel":"call","text":"', 'hello']));
  const after = Buffer.from(pick(r, ['', '1}', '"}']));
  return Buffer.concat([before, Buffer.from(bad), after]);
}

function randomFrame(r: Rng, pools: Pools): Frame {
  const text = (data: string): Frame => ({ kind: 'text', data });
  return weighted<Frame>(r, [
    [30, () => text(JSON.stringify(validishFrame(r, pools)))],
    [20, () => text(JSON.stringify(mutatedFrame(r, pools)))],
    [
      10,
      () => {
        const whole = JSON.stringify(validishFrame(r, pools));
        return text(whole.slice(0, between(r, 0, whole.length - 1)));
      },
    ],
    [
      6,
      () =>
        text(
          pick(r, [
            '',
            ' ',
            'null',
            'true',
            '1',
            '"ping"',
            '[]',
            '[{"type":"ping","t":1}]',
            '{}',
            '{"type":null}',
            // A `type` that String() cannot convert (own toString/valueOf that are not functions).
            '{"type":{"toString":0}}',
            '{"type":{"valueOf":1,"toString":[]}}',
            '{"type":"ping","t":1,"type":"hello"}',
            '{"type":"ping","t":1e999}',
            '{"type":"ping","t":-0}',
            '{"type":"ping","t":1}garbage',
            '\ufeff{"type":"ping","t":1}',
            randomString(r, 200),
          ]),
        ),
    ],
    [6, () => text(nested(r, between(r, 50, 20_000)))],
    [2, () => text(JSON.stringify({ ...validishFrame(r, pools), pad: 'p'.repeat(between(r, MAX_FRAME_BYTES, MAX_PAYLOAD - 100)) }))],
    [0.3, () => text(JSON.stringify({ type: 'chat', channel: 'call', text: 'q'.repeat(MAX_PAYLOAD + between(r, 1, 4096)) }))],
    [
      8,
      () => ({
        kind: 'binary',
        data: chance(r, 0.5)
          ? Buffer.from(JSON.stringify(validishFrame(r, pools)))
          : Buffer.from(Array.from({ length: between(r, 0, 2000) }, () => between(r, 0, 255))),
      }),
    ],
    [2, () => ({ kind: 'bad-utf8', data: invalidUtf8(r) })],
  ]);
}

// --- The plan: every hostile socket's frames, generated before anything is sent -----------------

interface Life {
  /** A hostile participant's link to join with first (their own visit), or none: frames before hello. */
  join: { appointmentId: string; token: string } | null;
  frames: Frame[];
}

function planWorker(r: Rng, quota: number, pools: Pools, joins: { appointmentId: string; token: string }[]): Life[] {
  const lives: Life[] = [];
  let left = quota;
  while (left > 0) {
    // Mostly short lives; some long enough to meet the rate limit (100 frames in a burst) and the
    // cap on refused frames (200), after which the server closes the socket.
    const length = Math.min(
      left,
      weighted(r, [
        [80, () => between(r, 1, 60)],
        [15, () => between(r, 61, 150)],
        [5, () => between(r, 200, 260)],
      ]),
    );
    const join = joins.length && chance(r, 0.5) ? pick(r, joins) : null;
    lives.push({ join, frames: Array.from({ length }, () => randomFrame(r, pools)) });
    left -= length;
  }
  return lives;
}

// --- Running it --------------------------------------------------------------------------------

interface Tally {
  sent: SentCount;
  /** Hellos with a hostile link that got no answer (the socket closed first, or nothing came). */
  unanswered: string[];
  sockets: number;
  joined: number;
  joinRefused: Map<string, number>;
  closes: Map<number, number>;
  errors: Map<string, number>;
}

const bump = <K>(m: Map<K, number>, k: K): void => void m.set(k, (m.get(k) ?? 0) + 1);
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** How many hostile frames have been sent; the bystanders wait on it to keep pace with the fuzzing. */
class SentCount {
  value = 0;
  private waiters: { at: number; resolve: () => void }[] = [];
  private released = false;

  add(): void {
    this.value++;
    if (this.waiters.length === 0) return;
    const due = this.waiters.filter((w) => w.at <= this.value);
    this.waiters = this.waiters.filter((w) => w.at > this.value);
    for (const w of due) w.resolve();
  }

  /** Resolves once `at` frames have been sent, or when the fuzzing stops early (`release`). */
  reaches(at: number): Promise<void> {
    if (this.released || this.value >= at) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ at, resolve }));
  }

  /** The fuzzing failed: nobody waits for frames that will not come. */
  release(): void {
    this.released = true;
    for (const w of this.waiters) w.resolve();
    this.waiters = [];
  }
}

let t: TestApp | undefined;
afterAll(async () => t?.app.close());

describe('signaling fuzz', () => {
  it(`survives ${TOTAL_FRAMES} hostile frames from ${WORKERS} sockets at once without disturbing a visit in progress`, {
    timeout: 60_000,
  }, async () => {
    console.log(`signaling fuzz seed: ${SEED} (replay with FUZZ_SEED=${SEED})`);
    // TRUST_PROXY: each hostile socket comes from its own address (X-Forwarded-For), as a crowd of
    // attackers would, so the per-address cut-off for bad links (tested in signaling-limits) does
    // not end the run early; the bystander and the final join come from 127.0.0.1.
    t = await testApp({ TRUST_PROXY: '1' });
    const app = t.app;

    // The bystander: a provider and an admitted client in a call.
    const b = await createVisit(app);
    const provider = await WsClient.join(app, b.appointmentId, b.providerToken, { real: true });
    const client = await WsClient.join(app, b.appointmentId, b.clientToken, { real: true });
    provider.send({ type: 'admit', participantId: b.clientId });
    await client.next(isType('peer-joined'));
    await provider.next(isType('peer-joined'));
    const bystanderClosed: string[] = [];
    provider.ws.once('close', (code) => bystanderClosed.push(`provider closed with ${code}`));
    client.ws.once('close', (code) => bystanderClosed.push(`client closed with ${code}`));
    const mark = { provider: provider.frames.length, client: client.frames.length };

    // Hostile visits, each with a provider and three clients, whose links the fuzzer may use.
    const hostile: Visit[] = [];
    const joins: { appointmentId: string; token: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const v = await createVisit(app);
      hostile.push(v);
      joins.push({ appointmentId: v.appointmentId, token: v.providerToken }, { appointmentId: v.appointmentId, token: v.clientToken });
      const appt = (await app.vestibule.store.appointment(v.appointmentId))!;
      for (const name of ['Second', 'Third']) {
        const p = await app.vestibule.store.addParticipant(v.appointmentId, 'client', name);
        joins.push({ appointmentId: v.appointmentId, token: await app.vestibule.links.issue(appt, p) });
      }
    }
    const pools: Pools = {
      ids: [b.providerId, b.clientId, ...hostile.flatMap((v) => [v.providerId, v.clientId])],
      appointmentIds: [b.appointmentId, ...hostile.map((v) => v.appointmentId)],
      tokens: joins.map((j) => j.token),
    };
    // Each worker joins with its own links, so workers do not keep replacing each other's sockets.
    const plans = Array.from({ length: WORKERS }, (_, w) => {
      const quota = Math.floor(TOTAL_FRAMES / WORKERS) + (w < TOTAL_FRAMES % WORKERS ? 1 : 0);
      return planWorker(
        mulberry32((SEED + w * 0x9e3779b9) >>> 0),
        quota,
        pools,
        joins.filter((_, i) => i % WORKERS === w),
      );
    });
    expect(plans.flat().reduce((n, life) => n + life.frames.length, 0)).toBe(TOTAL_FRAMES);

    const tally: Tally = {
      sent: new SentCount(),
      unanswered: [],
      sockets: 0,
      joined: 0,
      joinRefused: new Map(),
      closes: new Map(),
      errors: new Map(),
    };
    let addressCounter = 0;
    let aborted = false;
    const started = Date.now();
    const overDeadline = (): boolean => Date.now() - started > FUZZ_DEADLINE_MS;

    const openHostile = async (): Promise<WsClient> => {
      const n = addressCounter++;
      // 198.18.0.0/15 is the benchmarking range: an address that names no one (it is only a header).
      const c = await WsClient.open(app, { real: true, headers: { 'x-forwarded-for': `198.18.${(n >> 8) & 255}.${n & 255}` } });
      tally.sockets++;
      c.ws.on('error', () => {}); // e.g. ECONNRESET after the server closed on us: expected
      c.ws.on('close', (code) => bump(tally.closes, code));
      c.ws.on('message', (data) => {
        try {
          const m = JSON.parse(String(data)) as ServerMessage;
          if (m.type === 'error') bump(tally.errors, m.code);
        } catch {
          bump(tally.errors, '(not JSON)');
        }
      });
      return c;
    };

    const runWorker = async (lives: Life[]): Promise<void> => {
      try {
        await runLives(lives);
      } catch (err) {
        aborted = true;
        tally.sent.release();
        throw err;
      }
    };
    const runLives = async (lives: Life[]): Promise<void> => {
      for (const life of lives) {
        let c: WsClient | null = null;
        let joinRefused = false;
        for (let i = 0; i < life.frames.length; i++) {
          if (overDeadline())
            throw new Error(`the fuzzing took longer than ${FUZZ_DEADLINE_MS} ms (seed ${SEED}), at ${tally.sent.value} frames`);
          // A socket the server closed (bad UTF-8, too many bad frames, a fatal error): go on with a new one.
          if (!c || c.ws.readyState !== c.ws.OPEN) {
            c?.ws.terminate();
            c = await openHostile();
            if (life.join && !joinRefused) {
              const reply = await c
                .request({ type: 'hello', version: PROTOCOL_VERSION, ...life.join }, (m) => m.type === 'welcome' || m.type === 'error', {
                  timeoutMs: 5000,
                })
                .catch((err: Error) => {
                  tally.unanswered.push(err.message);
                  return null;
                });
              if (reply?.type === 'welcome') tally.joined++;
              else {
                joinRefused = true;
                if (reply) bump(tally.joinRefused, (reply as ServerMessageOf<'error'>).code);
              }
            }
          }
          const f = life.frames[i]!;
          const ws: WebSocket = c.ws;
          if (f.kind === 'text') ws.send(f.data);
          else ws.send(f.data, { binary: f.kind === 'binary' });
          tally.sent.add();
          if (i % 8 === 7) await tick();
        }
        c?.ws.close();
      }
    };

    // The bystander's signals, each carrying its number, paced by the fuzzing's progress.
    const candidate = (n: number) => ({
      candidate: `candidate:${n} 1 udp 2122260223 192.0.2.1 ${10_000 + n} typ host`,
      sdpMid: '0',
      sdpMLineIndex: 0,
    });
    const runBystander = async (from: WsClient, to: string): Promise<void> => {
      for (let n = 0; n < BYSTANDER_SIGNALS; n++) {
        await tally.sent.reaches(Math.ceil((n * TOTAL_FRAMES) / BYSTANDER_SIGNALS));
        if (aborted) return;
        from.send({ type: 'signal', to, candidate: candidate(n) });
        await sleep(BYSTANDER_GAP_MS);
      }
    };

    await Promise.all([...plans.map(runWorker), runBystander(provider, b.clientId), runBystander(client, b.providerId)]);
    const fuzzMs = Date.now() - started;
    console.log(
      `signaling fuzz: ${tally.sent.value} frames on ${tally.sockets} sockets in ${fuzzMs} ms; joined ${tally.joined} times, ` +
        `refused ${JSON.stringify(Object.fromEntries(tally.joinRefused))}; closes by code ${JSON.stringify(Object.fromEntries(tally.closes))}; ` +
        `errors by code ${JSON.stringify(Object.fromEntries(tally.errors))}`,
    );
    expect(tally.sent.value).toBe(TOTAL_FRAMES);
    // Every hello with a real link got an answer, a welcome or a refusal.
    expect(tally.unanswered.join('\n'), `hellos left unanswered (seed ${SEED})`).toBe('');

    // Every signal arrived, in order, from the other bystander, and nothing else reached either.
    const signalsTo = async (c: WsClient, from: number, peer: string): Promise<ServerMessage[]> => {
      await c.next(() => c.frames.slice(from).filter((m) => m.type === 'signal').length >= BYSTANDER_SIGNALS, {
        timeoutMs: 10_000,
        what: `all ${BYSTANDER_SIGNALS} bystander signals from ${peer} (seed ${SEED})`,
      });
      return c.frames.slice(from);
    };
    for (const [name, c, from, peer] of [
      ['provider', provider, mark.provider, b.clientId],
      ['client', client, mark.client, b.providerId],
    ] as const) {
      const got = await signalsTo(c, from, peer);
      expect(
        got.filter((m) => m.type !== 'signal'),
        `frames other than signals reached the bystander ${name} (seed ${SEED})`,
      ).toEqual([]);
      const signals = got as ServerMessageOf<'signal'>[];
      expect(new Set(signals.map((m) => m.from)), `senders of the signals the ${name} got`).toEqual(new Set([peer]));
      expect(
        signals.map((m) => m.candidate?.candidate),
        `the ${name}'s signals, in order (seed ${SEED})`,
      ).toEqual(Array.from({ length: BYSTANDER_SIGNALS }, (_, n) => candidate(n).candidate));
    }
    expect(bystanderClosed, `bystander sockets closed (seed ${SEED})`).toEqual([]);
    expect(provider.ws.readyState).toBe(provider.ws.OPEN);
    expect(client.ws.readyState).toBe(client.ws.OPEN);
    expect(app.vestibule.hub.online(b.appointmentId).sort()).toEqual([b.providerId, b.clientId].sort());

    // The server still serves: a fresh visit joins, and its own socket answers.
    const fresh = await createVisit(app);
    const newcomer = await WsClient.join(app, fresh.appointmentId, fresh.providerToken, { real: true });
    expect(newcomer.frames[0]).toMatchObject({ type: 'welcome', self: { id: fresh.providerId } });
    expect(await newcomer.request({ type: 'ping', t: 1 }, isType('pong'))).toEqual({ type: 'pong', t: 1 });
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    for (const c of [provider, client, newcomer]) c.close();

    // No link was logged, and nothing the server logged was an error (pino level 50) or worse.
    const logs = t.logs();
    for (const token of pools.tokens) expect(logs).not.toContain(token);
    const errorLines = new Map<string, number>();
    for (const line of logs.split('\n')) {
      if (!/"level":(5\d|[6-9]\d)\b/.test(line)) continue;
      const entry = JSON.parse(line) as { level: number; msg?: string; err?: string | { code?: string } };
      const cause = typeof entry.err === 'string' ? entry.err : entry.err?.code;
      bump(errorLines, `level ${entry.level}: ${entry.msg}${cause ? ` (${cause})` : ''}`);
    }
    expect(Object.fromEntries(errorLines), `server log lines at level error or above, by message (seed ${SEED})`).toEqual({});
  });
});
