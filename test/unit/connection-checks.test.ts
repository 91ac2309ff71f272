// The connection test's checks with fake browser APIs injected: how each outcome maps to a status,
// a message and advice, the network verdict logic, the provider summary and the runner.
import { describe, expect, it, vi } from 'vitest';
import { listOutputs } from '../../client/connection-test/audio.js';
import { detectBrowser } from '../../client/connection-test/browser-advice.js';
import { CameraCheck, judgeSamples } from '../../client/connection-test/camera-check.js';
import { newCheckContext, type Check, type CheckContext, type IceInfo } from '../../client/connection-test/check.js';
import { MicrophoneCheck } from '../../client/connection-test/microphone-check.js';
import { NetworkCheck, judgeNetwork, judgeRefusal, type ThroughputMeter } from '../../client/connection-test/network-check.js';
import { PermissionCheck } from '../../client/connection-test/permission-check.js';
import { RelayCheck, transportOf } from '../../client/connection-test/relay-check.js';
import { emptyNetwork, summarize, verdictOf, type CheckResult, type ConnectionTestReport } from '../../client/connection-test/report.js';
import { ConnectionTestRunner } from '../../client/connection-test/runner.js';
import { ServerCheck, type SocketLike } from '../../client/connection-test/server-check.js';
import { SpeakerCheck } from '../../client/connection-test/speaker-check.js';
import { HttpThroughput, SpeedTestRefused, nextSize } from '../../client/connection-test/throughput.js';
import type { VideoProbe } from '../../client/connection-test/video-probe.js';
import { testWords } from '../../client/connection-test/words.js';
import { SPANISH_TEST_WORDS } from '../../client/connection-test/spanish-words.js';
import { addLanguagePack } from '../../shared/i18n/translate.js';

const CHROME_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36';
const SAFARI_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15';

function makeCtx(over: Partial<CheckContext> = {}): CheckContext & { said: string[] } {
  const said: string[] = [];
  let t = 0;
  const base = newCheckContext({
    env: detectBrowser(CHROME_WINDOWS),
    deadline: 1e12,
    now: () => (t += 1),
    signal: new AbortController().signal,
    say: (s) => said.push(s),
  });
  return Object.assign(base, { said }, over);
}

function domError(name: string, message = ''): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

interface FakeTrack {
  kind: 'audio' | 'video';
  muted: boolean;
  enabled: boolean;
  readyState: 'live' | 'ended';
  getSettings(): MediaTrackSettings;
  stop(): void;
}

function track(kind: 'audio' | 'video', over: Partial<FakeTrack> = {}): FakeTrack {
  return {
    kind,
    muted: false,
    enabled: true,
    readyState: 'live',
    getSettings: () => (kind === 'video' ? { width: 640, height: 480, frameRate: 30 } : {}),
    stop: vi.fn(),
    ...over,
  };
}

function stream(...tracks: FakeTrack[]): MediaStream {
  const list = [...tracks];
  return {
    getTracks: () => list,
    getVideoTracks: () => list.filter((t) => t.kind === 'video'),
    getAudioTracks: () => list.filter((t) => t.kind === 'audio'),
    addTrack: (t: FakeTrack) => list.push(t),
  } as unknown as MediaStream;
}

describe('PermissionCheck', () => {
  const granted = { query: async () => ({ state: 'prompt' }) };

  it('NotAllowedError: blocked, with the fix steps for this browser and system', async () => {
    const getUserMedia = vi.fn().mockRejectedValue(domError('NotAllowedError', 'Permission denied'));
    const ctx = makeCtx();
    const r = await new PermissionCheck({ mediaDevices: { getUserMedia }, permissions: granted }).run(ctx);
    expect(r.status).toBe('fail');
    expect(r.details?.problem).toBe('blocked');
    expect(r.advice?.map((a) => a.title)).toEqual(['Allow the camera and microphone in Chrome', 'Check your Windows privacy settings']);
    expect(ctx.media).toEqual({ video: 'blocked', audio: 'blocked' });
    expect(ctx.said.join()).toContain('choose “Allow”');
  });

  it('NotAllowedError from the system: the operating system steps come first', async () => {
    const getUserMedia = vi.fn().mockRejectedValue(domError('NotAllowedError', 'Permission denied by system'));
    const r = await new PermissionCheck({ mediaDevices: { getUserMedia }, permissions: granted }).run(
      makeCtx({ env: detectBrowser(SAFARI_MAC) }),
    );
    expect(r.message).toContain('privacy settings');
    expect(r.advice?.[0]?.title).toBe('Check your Mac’s privacy settings');
  });

  it('a permission already denied is reported without prompting', async () => {
    const getUserMedia = vi.fn();
    const permissions = { query: async ({ name }: { name: string }) => ({ state: name === 'camera' ? 'denied' : 'granted' }) };
    const r = await new PermissionCheck({ mediaDevices: { getUserMedia }, permissions }).run(makeCtx());
    expect(getUserMedia).not.toHaveBeenCalled();
    expect(r.status).toBe('fail');
    expect(r.message).toContain('blocking the camera for this site');
    expect(r.advice?.[0]?.title).toBe('Allow the camera and microphone in Chrome');
  });

  it('NotReadableError: another app or tab has the camera; close it', async () => {
    const getUserMedia = vi.fn().mockRejectedValue(domError('NotReadableError', 'Could not start video source'));
    const r = await new PermissionCheck({ mediaDevices: { getUserMedia }, permissions: granted }).run(makeCtx());
    expect(r.status).toBe('fail');
    expect(r.details?.problem).toBe('in use');
    expect(r.message).toMatch(/Another app or browser tab is using your camera.*Close it/);
    expect(r.advice?.[0]?.title).toBe('Free up your camera');
    expect(r.advice?.[0]?.steps.join(' ')).toContain('only one app can use the camera at a time');
  });

  it('NotFoundError: no camera or microphone; check it is plugged in', async () => {
    const getUserMedia = vi.fn().mockRejectedValue(domError('NotFoundError', 'Requested device not found'));
    const r = await new PermissionCheck({ mediaDevices: { getUserMedia }, permissions: granted }).run(makeCtx());
    expect(r.status).toBe('fail');
    expect(r.details?.problem).toBe('not found');
    expect(r.message).toContain('plugged in');
    expect(r.advice?.[0]?.title).toBe('Connect a camera and microphone');
  });

  it('a busy camera with a working microphone keeps the microphone, and the camera check says why there is no picture', async () => {
    const mic = stream(track('audio'));
    const getUserMedia = vi.fn(async (c: MediaStreamConstraints) => {
      if (c.video) throw domError('NotReadableError');
      return mic;
    });
    const ctx = makeCtx();
    const r = await new PermissionCheck({ mediaDevices: { getUserMedia }, permissions: granted }).run(ctx);
    expect(r.status).toBe('pass');
    expect(ctx.media).toEqual({ video: 'busy', audio: 'ok' });
    expect(ctx.stream).toBe(mic);
    const cam = await new CameraCheck({ createProbe: async () => fakeProbe([]) }).run(ctx);
    expect(cam).toMatchObject({ status: 'fail', details: { problem: 'in use' } });
    expect(cam.message).toContain('Another app or browser tab is using your camera');
  });

  it('success: the stream is handed on', async () => {
    const s = stream(track('video'), track('audio'));
    const ctx = makeCtx();
    const r = await new PermissionCheck({
      mediaDevices: { getUserMedia: async () => s },
      permissions: { query: async () => ({ state: 'granted' }) },
    }).run(ctx);
    expect(r.status).toBe('pass');
    expect(ctx.stream).toBe(s);
    expect(ctx.said).toEqual([]); // no "choose Allow" when already granted
  });
});

function fakeProbe(samples: (Uint8Array | null)[], frames = { frames: 60, ms: 2000, method: 'video-frame-callback' as const }): VideoProbe {
  let i = 0;
  return {
    countFrames: async () => frames,
    sampleLuma: async () => samples[i++ % Math.max(1, samples.length)] ?? null,
    close: () => undefined,
  };
}

const flat = (v: number): Uint8Array => new Uint8Array(768).fill(v);
const noisy = (seed: number): Uint8Array => Uint8Array.from({ length: 768 }, (_, i) => (i * 37 + seed * 101) % 256);

describe('CameraCheck', () => {
  const withCamera = () => makeCtx({ stream: stream(track('video')), media: { video: 'ok', audio: 'ok' } });
  const quick = { windowMs: 10, samples: 4 };

  it('passes a live picture and reports resolution and frame rate', async () => {
    const r = await new CameraCheck({ ...quick, createProbe: async () => fakeProbe([noisy(1), noisy(2), noisy(3), noisy(4)]) }).run(
      withCamera(),
    );
    expect(r.status).toBe('pass');
    expect(r.message).toBe('Your camera works: 640 × 480 at 30 frames per second.');
    expect(r.details).toMatchObject({ width: 640, height: 480, frameRate: 30, countedBy: 'video-frame-callback' });
  });

  it('black frames: something covers the lens', async () => {
    const r = await new CameraCheck({ ...quick, createProbe: async () => fakeProbe([flat(0), flat(1), flat(0), flat(2)]) }).run(
      withCamera(),
    );
    expect(r).toMatchObject({ status: 'fail', details: { problem: 'black' } });
    expect(r.advice?.[0]?.title).toBe('Uncover your camera');
  });

  it('identical frames: frozen', async () => {
    const r = await new CameraCheck({ ...quick, createProbe: async () => fakeProbe([noisy(5)]) }).run(withCamera());
    expect(r).toMatchObject({ status: 'warn', details: { problem: 'frozen' } });
  });

  it('few frames per second: choppy', async () => {
    const r = await new CameraCheck({
      ...quick,
      createProbe: async () => fakeProbe([noisy(1), noisy(2), noisy(3)], { frames: 8, ms: 2000, method: 'video-frame-callback' }),
    }).run(withCamera());
    expect(r).toMatchObject({ status: 'warn', details: { problem: 'choppy' } });
  });

  it('judgeSamples: a dark but real room is neither black nor frozen', () => {
    const dim = [Uint8Array.from({ length: 768 }, (_, i) => 20 + (i % 7)), Uint8Array.from({ length: 768 }, (_, i) => 20 + ((i + 3) % 7))];
    expect(judgeSamples([...dim, dim[0]!])).toMatchObject({ black: false, frozen: false });
  });

  it('skips when the permission check got no camera', async () => {
    const r = await new CameraCheck().run(makeCtx({ media: { video: 'blocked', audio: 'blocked' } }));
    expect(r.status).toBe('skip');
  });
});

describe('MicrophoneCheck', () => {
  const run = (level: number, over: Partial<FakeTrack> = {}) => {
    const levels: number[] = [];
    const ctx = makeCtx({ stream: stream(track('audio', over)), live: (e) => e.kind === 'level' && levels.push(e.value) });
    return new MicrophoneCheck({ createMeter: () => ({ read: () => level, close: () => undefined }), windowMs: 20, intervalMs: 1 })
      .run(ctx)
      .then((r) => ({ r, levels }));
  };

  it('hears sound and shows the level live', async () => {
    const { r, levels } = await run(0.1);
    expect(r.status).toBe('pass');
    expect(levels.some((v) => v > 0.5)).toBe(true);
  });

  it('warns about silence', async () => {
    const { r } = await run(0);
    expect(r).toMatchObject({ status: 'warn', details: { problem: 'silent' } });
    expect(r.advice?.[0]?.steps.join(' ')).toContain('mute');
  });

  it('fails a device that reports itself muted', async () => {
    const { r } = await run(0, { muted: true });
    expect(r).toMatchObject({ status: 'fail', details: { problem: 'muted' } });
  });

  it('fails a disabled track', async () => {
    const { r } = await run(0.1, { enabled: false });
    expect(r).toMatchObject({ status: 'fail', details: { problem: 'off' } });
  });
});

describe('SpeakerCheck', () => {
  it('plays the tone and reports "not confirmed" at once, without waiting for an answer', async () => {
    let finish: () => void = () => undefined;
    const playTone = vi.fn(() => new Promise<void>((r) => (finish = r)));
    const asked: string[] = [];
    const check = new SpeakerCheck({ playTone, canPlay: true });
    const r = await check.run(makeCtx({ live: (e) => asked.push(e.kind) }));
    expect(playTone).toHaveBeenCalledOnce();
    expect(r).toMatchObject({ status: 'skip', details: { problem: 'not confirmed' } });
    expect(r.message).toMatch(/not confirmed/i);
    expect(asked).toEqual(['speaker-question']);
    finish();
  });

  it('"No" fails with advice, including silent mode on an iPhone', () => {
    const check = new SpeakerCheck({ playTone: async () => undefined, canPlay: true });
    expect(check.answer(true, 'windows').status).toBe('pass');
    const no = check.answer(false, 'ios');
    expect(no.status).toBe('fail');
    expect(no.advice?.[0]?.steps.join(' ')).toContain('silent mode');
  });

  it('plays on the chosen output device', async () => {
    const playTone = vi.fn(async () => undefined);
    await new SpeakerCheck({ playTone, canPlay: true }).play('dev-2');
    expect(playTone).toHaveBeenCalledWith('dev-2');
  });

  it('names the speakers the browser leaves unnamed in the test’s language, and skips those without an id', async () => {
    const devices = [
      { kind: 'audiooutput', deviceId: 'default', label: '' },
      { kind: 'audioinput', deviceId: 'mic', label: '' },
      { kind: 'audiooutput', deviceId: 'hdmi', label: 'HDMI' },
      { kind: 'audiooutput', deviceId: '', label: '' },
    ] as MediaDeviceInfo[];
    const md = { enumerateDevices: async () => devices };
    // As a Spanish page has them once its words load (word-loaders.ts).
    addLanguagePack('es', SPANISH_TEST_WORDS);
    expect(await listOutputs(testWords('es'), md)).toEqual([
      { deviceId: 'default', label: 'Altavoz 1' },
      { deviceId: 'hdmi', label: 'HDMI' },
    ]);
    expect((await listOutputs(testWords('en'), md))[0]?.label).toBe('Speaker 1');
  });
});

describe('judgeNetwork', () => {
  const good = { rttMs: 30, jitterMs: 3, lossPct: 0, mos: 4.4 };

  it('500 kbps up: fails and names the upload', () => {
    const j = judgeNetwork({ ...good, uplinkKbps: 500, downlinkKbps: 5000 });
    expect(j.status).toBe('fail');
    expect(j.problem).toBe('bandwidth');
    expect(j.slow).toEqual(['upload']);
    expect(j.message).toContain('Your upload speed is too slow for video: 0.50 Mbps');
    expect(j.message).toContain('at least 0.75 Mbps');
    expect(j.audioOnly).toBe(true);
  });

  it('slow download only: names the download', () => {
    const j = judgeNetwork({ ...good, uplinkKbps: 3000, downlinkKbps: 600 });
    expect(j.slow).toEqual(['download']);
    expect(j.message).toContain('Your download speed is too slow');
  });

  it('200 kbps: too slow for video, suggests an audio-only visit', () => {
    const j = judgeNetwork({ ...good, uplinkKbps: 200, downlinkKbps: 200 });
    expect(j.status).toBe('fail');
    expect(j.slow).toEqual(['upload', 'download']);
    expect(j.message).toContain('in both directions');
    expect(j.message).toContain('An audio-only visit should work');
    expect(j.audioOnly).toBe(true);
    expect(j.advice?.map((a) => a.title)).toContain('Or have an audio-only visit');
  });

  it('below what audio needs: no audio-only suggestion', () => {
    const j = judgeNetwork({ ...good, uplinkKbps: 60, downlinkKbps: 900 });
    expect(j.audioOnly).toBe(false);
    expect(j.message).toContain('too slow even for a call without video');
  });

  it('fast but lossy: a warning', () => {
    const j = judgeNetwork({ uplinkKbps: 3000, downlinkKbps: 3000, rttMs: 40, jitterMs: 5, lossPct: 12, mos: 3.0 });
    expect(j.status).toBe('warn');
    expect(j.message).toContain('12% of data lost');
  });

  it('fast and steady: passes', () => {
    expect(judgeNetwork({ ...good, uplinkKbps: 2400, downlinkKbps: 5100 })).toMatchObject({ status: 'pass', problem: null });
  });

  it('nothing measured: fails plainly', () => {
    expect(judgeNetwork({ ...good, uplinkKbps: null, downlinkKbps: 900 })).toMatchObject({ status: 'fail', problem: 'unmeasured' });
  });
});

describe('NetworkCheck', () => {
  const meter = (up: number, down: number): ThroughputMeter => ({
    download: async () => ({ kbps: down, bound: 'measured', samples: [] }),
    upload: async () => ({ kbps: up, bound: 'measured', samples: [] }),
  });

  it('without a relay, says loss was not measurable over a reliable transport', async () => {
    const ctx = makeCtx();
    ctx.network.rttMs = 20;
    ctx.network.jitterMs = 2;
    const lossProbe = vi.fn();
    const r = await new NetworkCheck({ meter: meter(2400, 5100), lossProbe }).run(ctx);
    expect(lossProbe).not.toHaveBeenCalled();
    expect(r.status).toBe('pass');
    expect(ctx.network).toMatchObject({
      uplinkKbps: 2400,
      downlinkKbps: 5100,
      lossPct: 0,
      lossMethod: 'reliable-transport',
      grade: 'excellent',
    });
    expect(String(r.details?.lossNote)).toContain('reliable (TCP) transport');
  });

  it('with a reachable UDP relay, measures loss through it', async () => {
    const ice: IceInfo = {
      turnConfigured: true,
      iceServers: [{ urls: ['turn:t.example:3478?transport=udp', 'turn:t.example:3478?transport=tcp'], username: 'u', credential: 'c' }],
    };
    const ctx = makeCtx({ ice, relayReachable: ['udp', 'tcp'] });
    ctx.network.rttMs = 20;
    ctx.network.jitterMs = 2;
    const lossProbe = vi.fn(async () => ({ sent: 100, received: 88, lossPct: 12, transitMs: 22, jitterMs: 4 }));
    const r = await new NetworkCheck({ meter: meter(3000, 3000), lossProbe }).run(ctx);
    expect(lossProbe).toHaveBeenCalledWith([{ urls: ['turn:t.example:3478?transport=udp'], username: 'u', credential: 'c' }]);
    expect(ctx.network).toMatchObject({ lossPct: 12, lossMethod: 'relay-datachannel', jitterMs: 4 });
    expect(r.status).toBe('warn');
  });

  it('500 kbps up fails naming the upload', async () => {
    const r = await new NetworkCheck({ meter: meter(500, 4000) }).run(makeCtx());
    expect(r).toMatchObject({ status: 'fail', details: { problem: 'bandwidth', slow: ['upload'] } });
  });

  it('a busy server: a warning that says so and when to try again, and no upload attempted', async () => {
    const upload = vi.fn();
    const busy: ThroughputMeter = {
      download: async () => Promise.reject(new SpeedTestRefused(503, 'speed_test_busy', 'Too many speed tests', 30)),
      upload,
    };
    const r = await new NetworkCheck({ meter: busy }).run(makeCtx());
    expect(upload).not.toHaveBeenCalled();
    expect(r.status).toBe('warn');
    expect(r.message).toBe(
      'Your internet speed was not measured: too many people are testing their connection right now. Run the test again in a minute.',
    );
    expect(r.details).toMatchObject({ problem: 'not measured', refused: { status: 503, code: 'speed_test_busy' } });
  });

  it('an hourly allowance spent: says when to come back', async () => {
    const spent: ThroughputMeter = {
      download: async () => ({ kbps: 5000, bound: 'measured', samples: [] }),
      upload: async () => Promise.reject(new SpeedTestRefused(429, 'speed_test_budget_spent', 'used up', 2640)),
    };
    const r = await new NetworkCheck({ meter: spent }).run(makeCtx());
    expect(r.status).toBe('warn');
    expect(r.message).toContain('already run several times from your internet connection in the last hour');
    expect(r.message).toContain('Run the test again in about 44 minutes.');
  });

  it.each([
    [
      429,
      'speed_test_in_progress',
      30,
      'another speed test from your internet connection was running at the same time. Run the test again in a minute.',
    ],
    [
      429,
      'FST_ERR_RATE_LIMITED',
      42,
      'the speed test was started too often from your internet connection just now. Run the test again in a minute.',
    ],
    [429, 'speed_test_budget_spent', null, 'in the last hour. Run the test again later.'],
  ])('a 429 %s says why and when: …%s', (status, code, retry, text) => {
    const j = judgeRefusal(new SpeedTestRefused(status, code, 'x', retry));
    expect(j).toMatchObject({ status: 'warn', problem: 'not measured' });
    expect(j.message).toMatch(/^Your internet speed was not measured: /);
    expect(j.message.endsWith(text)).toBe(true);
  });

  it('a refused ticket: reload and try again', () => {
    expect(judgeRefusal(new SpeedTestRefused(403, 'speed_test_ticket_expired', 'expired', null)).message).toContain(
      'Reload this page and run the test again',
    );
  });

  it('other failures still fail as unmeasured', async () => {
    const offline: ThroughputMeter = {
      download: async () => Promise.reject(new TypeError('Failed to fetch')),
      upload: async () => Promise.reject(new TypeError('Failed to fetch')),
    };
    const r = await new NetworkCheck({ meter: offline }).run(makeCtx());
    expect(r).toMatchObject({ status: 'fail', details: { problem: 'unmeasured' } });
  });
});

describe('ServerCheck', () => {
  function fakeSocket(answer: boolean): (url: string) => SocketLike {
    return () => {
      const handlers: Record<string, ((e: { data: unknown }) => void)[]> = {};
      const s: SocketLike = {
        readyState: 1,
        send: (data: string) => {
          const msg = JSON.parse(data) as { t: number };
          if (answer) queueMicrotask(() => handlers.message?.forEach((h) => h({ data: JSON.stringify({ type: 'pong', t: msg.t }) })));
        },
        close: () => undefined,
        addEventListener: (type: string, cb: (e: { data: unknown }) => void) => {
          (handlers[type] ??= []).push(cb);
          if (type === 'open') queueMicrotask(() => (answer ? cb({ data: null }) : handlers.error?.forEach((h) => h({ data: null }))));
        },
      };
      return s;
    };
  }

  it('times ping/pong round trips', async () => {
    let t = 0;
    const ctx = makeCtx();
    const r = await new ServerCheck({ url: 'ws://x/ws', createSocket: fakeSocket(true), pings: 4, now: () => (t += 5) }).run(ctx);
    expect(r.status).toBe('pass');
    expect(ctx.serverRtts).toEqual([5, 5, 5, 5]);
    expect(ctx.network.rttMs).toBe(5);
    expect(ctx.network.jitterMs).toBe(0);
  });

  it('fails plainly when the server cannot be reached', async () => {
    const r = await new ServerCheck({ url: 'ws://x/ws', createSocket: fakeSocket(false), pings: 4, timeoutMs: 1000 }).run(makeCtx());
    expect(r).toMatchObject({ status: 'fail', details: { problem: 'unreachable' } });
  });
});

describe('RelayCheck', () => {
  it('classifies TURN URLs by transport', () => {
    expect(transportOf('turn:a:3478')).toBe('udp');
    expect(transportOf('turn:a:3478?transport=udp')).toBe('udp');
    expect(transportOf('turn:a:3478?transport=tcp')).toBe('tcp');
    expect(transportOf('turns:a:443?transport=tcp')).toBe('tls');
    expect(transportOf('stun:a:3478')).toBeNull();
  });

  it('skips with a plain message when there is no relay', async () => {
    const r = await new RelayCheck({ fetchIce: async () => ({ iceServers: [], turnConfigured: false }) }).run(makeCtx());
    expect(r.status).toBe('skip');
    expect(r.message).toBe('This service has no backup route for video, so there was nothing to check here.');
  });

  it('gathers once per transport with only that URL and reports each', async () => {
    const configs: RTCConfiguration[] = [];
    const createPeerConnection = (config: RTCConfiguration) => {
      configs.push(config);
      const url = String((config.iceServers?.[0]?.urls as string[])[0]);
      let onCandidate: (e: Event) => void = () => undefined;
      return {
        addEventListener: (_: string, cb: (e: Event) => void) => (onCandidate = cb),
        createDataChannel: () => ({}) as RTCDataChannel,
        createOffer: async () => ({ type: 'offer', sdp: '' }) as RTCSessionDescriptionInit,
        setLocalDescription: async () => {
          // The TLS relay never answers: gathering ends without a relay candidate.
          const reachable = !url.startsWith('turns:');
          queueMicrotask(() =>
            onCandidate({
              candidate: reachable ? { type: 'relay', candidate: 'candidate:1 1 udp 1 1.2.3.4 5 typ relay' } : null,
            } as unknown as Event),
          );
        },
        close: () => undefined,
      } as unknown as RTCPeerConnection;
    };
    const urls = ['turn:t.example:3478?transport=udp', 'turn:t.example:3478?transport=tcp', 'turns:t.example:443?transport=tcp'];
    const ctx = makeCtx();
    const r = await new RelayCheck({
      fetchIce: async () => ({ turnConfigured: true, iceServers: [{ urls, username: 'u', credential: 'c' }] }),
      createPeerConnection,
    }).run(ctx);
    expect(configs.map((c) => [c.iceTransportPolicy, c.iceServers?.[0]?.urls])).toEqual([
      ['relay', [urls[0]]],
      ['relay', [urls[1]]],
      ['relay', [urls[2]]],
    ]);
    expect(ctx.network.relay).toEqual({ udp: 'reachable', tcp: 'reachable', tls: 'unreachable' });
    expect(ctx.relayReachable).toEqual(['udp', 'tcp']);
    expect(r.status).toBe('pass');
    expect(r.message).toContain('TLS is blocked');
  });
});

/** The server's answer to POST /api/connection-test/ticket. */
function ticketResponse(bytes = 24 << 20, ticket = 'v1.ticket.sig', expiresInSeconds = 120): Response {
  return Response.json({ ticket, bytes, expiresInSeconds, maxTransferBytes: 8 << 20 });
}

/** A refusal as the server sends it. */
function refusalResponse(status: number, code: string, message: string, retryAfter?: number): Response {
  return Response.json(
    { statusCode: status, code, error: 'x', message },
    { status, headers: retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) } },
  );
}

/**
 * A fake server for HttpThroughput: a ticket, then downloads and uploads on a 1000 kbit/s link (by the
 * fake clock), recording every request and the ticket it carried.
 */
function fakeSpeedServer(
  opts: { ticketBytes?: number; refuse?: (kind: 'ticket' | 'download' | 'upload', n: number) => Response | null } = {},
) {
  const requests: { kind: 'ticket' | 'download' | 'upload'; bytes: number; auth: string | null }[] = [];
  let tickets = 0;
  const fetchFn = vi.fn(async (url: string, init?: RequestInit) => {
    const kind = url.includes('/ticket') ? 'ticket' : url.includes('/download') ? 'download' : 'upload';
    const auth = new Headers(init?.headers).get('authorization');
    const bytes =
      kind === 'download' ? Number(new URL(url, 'http://x').searchParams.get('bytes')) : kind === 'upload' ? (init!.body as Blob).size : 0;
    requests.push({ kind, bytes, auth });
    const refused = opts.refuse?.(kind, requests.filter((r) => r.kind === kind).length);
    if (refused) return refused;
    if (kind === 'ticket') return ticketResponse(opts.ticketBytes, `v1.t${++tickets}.sig`);
    if (kind === 'download') return new Response(new Uint8Array(bytes));
    const first = Math.min(bytes, 16_384);
    return Response.json({ bytes, firstChunkBytes: first, ms: ((bytes - first) * 8) / 1000 });
  }) as unknown as typeof fetch;
  return { fetchFn, requests };
}

describe('HttpThroughput', () => {
  it('grows transfers by the measured rate, between double and sixteen times', () => {
    expect(nextSize(64 * 1024, null, 2000, 8 << 20)).toBe(1024 * 1024);
    expect(nextSize(64 * 1024, 3000, 2000, 8 << 20)).toBe(750_000);
    expect(nextSize(64 * 1024, 100, 2000, 8 << 20)).toBe(128 * 1024);
    expect(nextSize(4 << 20, 1e6, 2000, 8 << 20)).toBe(8 << 20);
  });

  it('uploads until a transfer lasts long enough, using the server’s timing', async () => {
    const sizes: number[] = [];
    const fetchFn = vi.fn(async (url: string, init?: RequestInit) => {
      if (url.endsWith('/ticket')) return ticketResponse();
      const size = (init!.body as Blob).size;
      sizes.push(size);
      // A 1000 kbit/s link as the server sees it: 1 byte per 8 µs; the first chunk is 16 kB.
      const first = Math.min(size, 16_384);
      return new Response(JSON.stringify({ bytes: size, firstChunkBytes: first, ms: ((size - first) * 8) / 1000 }), {
        headers: { 'content-type': 'application/json' },
      });
    }) as unknown as typeof fetch;
    let t = 0;
    const result = await new HttpThroughput({ fetch: fetchFn, now: () => (t += 1) }).upload(1e9);
    expect(result.kbps).toBeCloseTo(1000, 5);
    expect(sizes[0]).toBe(64 * 1024);
    expect(sizes.at(-1)).toBeGreaterThanOrEqual(250_000); // ≥ 2 s at 1000 kbit/s
  });

  it('asks for one ticket and presents it with every transfer', async () => {
    const { fetchFn, requests } = fakeSpeedServer();
    let t = 0;
    const meter = new HttpThroughput({ fetch: fetchFn, now: () => (t += 1) });
    await meter.download(1e9);
    await meter.upload(1e9);
    expect(requests[0]).toMatchObject({ kind: 'ticket', auth: null });
    expect(requests.filter((r) => r.kind === 'ticket')).toHaveLength(1);
    const transfers = requests.filter((r) => r.kind !== 'ticket');
    expect(transfers.length).toBeGreaterThan(2);
    expect(transfers.every((r) => r.auth === 'Bearer v1.t1.sig')).toBe(true);
  });

  it('sizes transfers to fit the ticket: half of it down, the rest up', async () => {
    const ticketBytes = 3 << 20;
    const { fetchFn, requests } = fakeSpeedServer({ ticketBytes });
    let t = 0;
    // A clock that never lets a transfer last long enough: the meter keeps growing them.
    const meter = new HttpThroughput({ fetch: fetchFn, now: () => (t += 1), minMs: 1e12 });
    const down = await meter.download(1e9);
    const up = await meter.upload(1e9);
    const sum = (kind: string) => requests.filter((r) => r.kind === kind).reduce((a, r) => a + r.bytes, 0);
    expect(sum('download')).toBeLessThanOrEqual(ticketBytes / 2);
    expect(sum('download') + sum('upload')).toBeLessThanOrEqual(ticketBytes);
    expect(sum('upload')).toBeGreaterThan(ticketBytes / 4);
    expect(down.samples.length).toBeGreaterThan(1);
    expect(up.kbps).toBeCloseTo(1000, 5);
  });

  it('asks for a new ticket when the old one is about to expire', async () => {
    const { fetchFn, requests } = fakeSpeedServer();
    let t = 0;
    const meter = new HttpThroughput({ fetch: fetchFn, now: () => t });
    await meter.download(1e9);
    t += 110_000;
    await meter.upload(t + 1e9);
    const auths = requests.filter((r) => r.kind !== 'ticket').map((r) => r.auth);
    expect(requests.filter((r) => r.kind === 'ticket')).toHaveLength(2);
    expect(new Set(auths)).toEqual(new Set(['Bearer v1.t1.sig', 'Bearer v1.t2.sig']));
  });

  it('turns the server’s refusal into a SpeedTestRefused with its status, code, words and Retry-After', async () => {
    const { fetchFn } = fakeSpeedServer({
      refuse: (kind) =>
        kind === 'download' ? refusalResponse(503, 'speed_test_busy', 'Too many speed tests are running right now.', 30) : null,
    });
    const err = await new HttpThroughput({ fetch: fetchFn }).download(performance.now() + 5000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpeedTestRefused);
    expect(err).toMatchObject({
      status: 503,
      code: 'speed_test_busy',
      message: 'Too many speed tests are running right now.',
      retryAfterSeconds: 30,
    });
  });

  it('a refused ticket is a SpeedTestRefused too, also without a JSON body', async () => {
    const fetchFn = vi.fn(async () => new Response('<html>busy</html>', { status: 429 })) as unknown as typeof fetch;
    const err = await new HttpThroughput({ fetch: fetchFn }).upload(performance.now() + 5000).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'SpeedTestRefused', status: 429, code: 'http_429', retryAfterSeconds: null });
  });

  it('keeps what it measured when the server refuses a later, larger transfer', async () => {
    const { fetchFn } = fakeSpeedServer({
      refuse: (kind, n) => (kind === 'download' && n > 1 ? refusalResponse(503, 'speed_test_busy', 'busy', 30) : null),
    });
    let t = 0;
    const result = await new HttpThroughput({ fetch: fetchFn, now: () => (t += 1) }).download(1e9);
    expect(result.samples).toHaveLength(1);
    expect(result.kbps).not.toBeNull();
  });

  it('other HTTP failures stay plain errors', async () => {
    const fetchFn = vi.fn(async () => new Response('oops', { status: 500 })) as unknown as typeof fetch;
    const err = await new HttpThroughput({ fetch: fetchFn }).download(performance.now() + 5000).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(SpeedTestRefused);
    expect(String(err)).toContain('ticket: HTTP 500');
  });
});

describe('report and summary', () => {
  const checks: CheckResult[] = [
    { id: 'browser', status: 'pass', message: '' },
    { id: 'permissions', status: 'pass', message: '' },
    { id: 'camera', status: 'pass', message: '' },
    { id: 'microphone', status: 'pass', message: '' },
    { id: 'speakers', status: 'skip', message: '', details: { problem: 'not confirmed' } },
    { id: 'server', status: 'pass', message: '' },
    { id: 'relay', status: 'pass', message: '' },
    { id: 'network', status: 'pass', message: '' },
  ];
  const report = (over: Partial<ConnectionTestReport> = {}): ConnectionTestReport => ({
    version: 1,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 9000,
    verdict: 'pass',
    environment: { ...detectBrowser(CHROME_WINDOWS), userAgent: CHROME_WINDOWS },
    checks,
    network: {
      ...emptyNetwork(),
      uplinkKbps: 2400,
      downlinkKbps: 5100,
      rttMs: 42,
      jitterMs: 3,
      lossPct: 0,
      turnConfigured: true,
      relay: { udp: 'reachable', tcp: 'reachable' },
    },
    ...over,
  });

  it('a skipped speaker check does not lower the verdict', () => {
    expect(verdictOf(checks)).toBe('pass');
    expect(verdictOf([...checks, { id: 'relay', status: 'warn', message: '' } as CheckResult])).toBe('warn');
    expect(verdictOf([...checks, { id: 'network', status: 'fail', message: '' } as CheckResult])).toBe('fail');
  });

  it('summarizes for the provider in one short line', () => {
    const s = summarize(report());
    expect(s).toEqual({ verdict: 'pass', text: 'camera ok · mic ok · speakers not confirmed · 2.4 Mbps up / 5.1 down · 42 ms · relay ok' });
  });

  it('names what failed, and stays within 200 characters', () => {
    const failing = checks.map((c) =>
      c.id === 'permissions'
        ? { ...c, status: 'fail' as const, details: { problem: 'blocked' } }
        : c.id === 'network'
          ? { ...c, status: 'fail' as const, details: { problem: 'bandwidth', audioOnly: true } }
          : c,
    );
    const s = summarize(
      report({
        verdict: 'fail',
        checks: failing,
        network: { ...report().network, uplinkKbps: 480, downlinkKbps: 470, relay: { udp: 'unreachable', tcp: 'reachable' } },
      }),
    );
    expect(s.verdict).toBe('fail');
    expect(s.text).toBe(
      'camera/mic blocked · speakers not confirmed · 0.48 Mbps up / 0.47 down · 42 ms · audio only advised · relay tcp only',
    );
    expect(s.text.length).toBeLessThanOrEqual(200);
  });
});

describe('summary of an unsteady network', () => {
  it('says so in a word', () => {
    const checks: CheckResult[] = [
      { id: 'camera', status: 'pass', message: '' },
      { id: 'microphone', status: 'pass', message: '' },
      { id: 'network', status: 'warn', message: '', details: { problem: 'unstable' } },
    ];
    const r: ConnectionTestReport = {
      version: 1,
      startedAt: '',
      durationMs: 0,
      verdict: 'warn',
      environment: { ...detectBrowser(CHROME_WINDOWS), userAgent: '' },
      checks,
      network: { ...emptyNetwork(), uplinkKbps: 3100, downlinkKbps: 12_400, rttMs: 380, lossPct: 7 },
    };
    expect(summarize(r).text).toBe('camera ok · mic ok · 3.1 Mbps up / 12 down · 380 ms · 7% loss · network unstable');
  });
});

describe('ConnectionTestRunner', () => {
  const fake = (id: CheckResult['id'], status: CheckResult['status']): Check => ({
    id,
    run: async () => ({ id, status, message: `${id} ${status}` }),
  });

  it('runs the checks in order with progress, and an answer to the speaker question updates the report', async () => {
    const speakers = new SpeakerCheck({ playTone: async () => undefined, canPlay: true });
    const runner = new ConnectionTestRunner({
      checks: [fake('browser', 'pass'), speakers, fake('network', 'pass')],
      userAgent: CHROME_WINDOWS,
    });
    const progress: (string | null)[] = [];
    const reports: string[] = [];
    runner.on('progress', (p) => progress.push(p.id));
    runner.on('report', (r) => reports.push(r.verdict));
    const report = await runner.run();
    expect(progress).toEqual(['browser', 'speakers', 'network', null]);
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['browser', 'pass'],
      ['speakers', 'skip'],
      ['network', 'pass'],
    ]);
    expect(report.verdict).toBe('pass');
    const answered = runner.answerSpeakers(false)!;
    expect(answered.checks.find((c) => c.id === 'speakers')?.status).toBe('fail');
    expect(answered.verdict).toBe('fail');
    expect(reports).toEqual(['pass', 'fail']);
  });

  it('runs a check that joins the next one alongside it', async () => {
    let started: () => void = () => undefined;
    const secondStarted = new Promise<void>((r) => (started = r));
    const camera: Check = {
      id: 'camera',
      joinsNext: true,
      run: async () => (await secondStarted, { id: 'camera', status: 'pass', message: '' }),
    };
    const mic: Check = {
      id: 'microphone',
      run: async () => (started(), { id: 'microphone', status: 'pass', message: '' }),
    };
    const report = await new ConnectionTestRunner({ checks: [camera, mic], budgetMs: 100, userAgent: CHROME_WINDOWS }).run();
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['camera', 'pass'],
      ['microphone', 'pass'],
    ]);
  });

  it('a check that throws becomes a warning and the test still finishes', async () => {
    const broken: Check = { id: 'camera', run: async () => Promise.reject(new Error('boom')) };
    const report = await new ConnectionTestRunner({ checks: [broken, fake('network', 'pass')], userAgent: CHROME_WINDOWS }).run();
    expect(report.checks[0]).toMatchObject({ id: 'camera', status: 'warn', details: { problem: 'error', error: 'boom' } });
    expect(report.checks[1]?.status).toBe('pass');
  });
});
