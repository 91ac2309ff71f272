// The benchmark itself (see scripts/bench.mjs). Every figure is a measurement of this run; each row
// repeats the same scenario RUNS times and reports min / median / max.
import { chromium, type Browser } from '@playwright/test';
import { startCoturn } from '../../test/support/coturn.js';
import { benchBackground, formatBackgroundRows } from './background.js';
import { chromiumLaunchOptions } from '../../test/browser/support/browsers.js';
import { demoLinksOn } from '../../test/browser/support/demo-links.js';
import { startVestibule, type RunningServer } from '../../test/browser/support/server-process.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** Set by scripts/bench.mjs when BENCH_BASELINE names a commit: that commit's build, timed beside this one. */
const BASELINE_DIR = process.env.BENCH_BASELINE_DIR;
/** Only the direct route's first frame (and its phases): quicker, for comparing one change. */
const CALL_ONLY = Boolean(process.env.BENCH_CALL_ONLY);
const SECRET = 'bench-secret-0123456789';

interface Row {
  scenario: string;
  samples: number[];
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0]!, median: s[Math.floor(s.length / 2)]!, max: s[s.length - 1]! };
};

/** Moments on the client's page, in its clock (performance.timeOrigin + now), set by PHASE_PROBE. */
interface Phases {
  admitted?: number;
  peerJoined?: number;
  peerConnection?: number;
  localDescription?: number;
  offerOrAnswer?: number;
  iceConnected?: number;
  track?: number;
  /** When the page's socket sent, or delivered to the page, a signal carrying an offer or an answer. */
  offerSent?: number;
  offerHeard?: number;
  answerSent?: number;
  answerHeard?: number;
}

/**
 * Runs in the client's page before its own scripts: notes when the admission arrives and when its peer
 * connection is made, gets the other side's description, connects ICE and receives a track; when its
 * socket carries the offer and the answer (the gap from 'sets' to 'sends' is the browser applying the
 * description; from 'sends' to the other page's socket, the server and that page's busy main thread).
 */
const PHASE_PROBE = () => {
  const at = () => performance.timeOrigin + performance.now();
  const phases: Record<string, number> = {};
  (window as unknown as { __phases: Record<string, number> }).__phases = phases;
  const once = (name: string) => {
    phases[name] ??= at();
  };
  const longTasks: [number, number][] = [];
  (window as unknown as { __longTasks: [number, number][] }).__longTasks = longTasks;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push([performance.timeOrigin + e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (typeof e.data !== 'string') return;
        if (e.data.startsWith('{"type":"admission"') && e.data.includes('"admitted"')) once('admitted');
        if (e.data.startsWith('{"type":"peer-joined"')) once('peerJoined');
        if (e.data.startsWith('{"type":"signal"') && e.data.includes('"type":"answer"')) once('answerHeard');
        if (e.data.startsWith('{"type":"signal"') && e.data.includes('"type":"offer"')) once('offerHeard');
      });
    }
  };
  const nativeSend = NativeWebSocket.prototype.send;
  NativeWebSocket.prototype.send = function (data) {
    if (typeof data === 'string' && data.includes('"type":"answer"')) once('answerSent');
    if (typeof data === 'string' && data.includes('"type":"offer"')) once('offerSent');
    return nativeSend.call(this, data);
  };
  const NativePc = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends NativePc {
    constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
      super(...args);
      once('peerConnection');
      this.addEventListener('iceconnectionstatechange', () => {
        if (this.iceConnectionState === 'connected') once('iceConnected');
      });
      this.addEventListener('track', () => once('track'));
    }
    override setLocalDescription(description?: RTCLocalSessionDescriptionInit): Promise<void> {
      once('localDescription');
      return super.setLocalDescription(description);
    }
    override setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
      once('offerOrAnswer');
      return super.setRemoteDescription(description);
    }
  };
};

/** Milliseconds from the provider's "Admit" click until the client's page shows a decoded remote frame. */
async function admitToFirstFrame(browser: Browser, server: RunningServer, phaseSamples?: Map<keyof Phases, number[]>): Promise<number> {
  const links = demoLinksOn(server);
  const pctx = await browser.newContext();
  const cctx = await browser.newContext();
  await cctx.addInitScript(PHASE_PROBE);
  await pctx.addInitScript(PHASE_PROBE);
  // The moment the provider's page takes the click (Playwright's own checks before it are not the app's time).
  await pctx.addInitScript(() => {
    document.addEventListener(
      'click',
      () => ((window as unknown as { __clickedAt: number }).__clickedAt = performance.timeOrigin + performance.now()),
      {
        capture: true,
      },
    );
  });
  const provider = await pctx.newPage();
  const client = await cctx.newPage();
  await provider.goto(links.providerUrl);
  await client.goto(links.clientUrl);
  const admit = provider.getByRole('button', { name: 'Admit Jordan' });
  await admit.waitFor();
  // Wait for the camera to be up so the figure is the call, not the camera start-up.
  await client
    .locator('video[data-self]')
    .evaluate(
      (v: HTMLVideoElement) =>
        new Promise((r) => (v.videoWidth ? r(null) : v.addEventListener('loadeddata', () => r(null), { once: true }))),
    );
  const firstFrame = client.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const check = () => {
          const v = document.querySelector<HTMLVideoElement>('video[data-remote]');
          if (v && v.videoWidth > 0) return resolve(performance.timeOrigin + performance.now());
          requestAnimationFrame(check);
        };
        check();
      }),
  );
  await admit.click();
  const clicked = await provider.evaluate(() => (window as unknown as { __clickedAt: number }).__clickedAt);
  const ms = (await firstFrame) - clicked;
  const phases = await client.evaluate(() => (window as unknown as { __phases: Phases }).__phases);
  for (const [name, t] of Object.entries(phases)) phaseSamples?.get(name as keyof Phases)?.push(t - clicked);
  const providerPhases = await provider.evaluate(() => (window as unknown as { __phases: Phases }).__phases);
  if (process.env.BENCH_LONG_TASKS)
    for (const [who, page] of [
      ['client', client],
      ['provider', provider],
    ] as const) {
      const tasks = await page.evaluate(() => (window as unknown as { __longTasks: [number, number][] }).__longTasks);
      const during = tasks
        .filter(([start]) => start >= clicked - 50)
        .map(([start, d]) => `${Math.round(start - clicked)}+${Math.round(d)}`);
      console.error(`${who} long tasks after admit (start+ms): ${during.join(' ')}`);
    }
  for (const [name, t] of Object.entries(providerPhases)) phaseSamples?.get(`provider:${name}` as keyof Phases)?.push(t - clicked);
  await pctx.close();
  await cctx.close();
  return ms;
}

/** Milliseconds from "Start the test" until the report is on the page (speaker question excepted). */
async function connectionTest(browser: Browser, server: RunningServer): Promise<number> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(`${server.baseUrl}/test`);
  const start = Date.now();
  await page.getByRole('button', { name: /^Start/ }).click();
  await page.locator('pre[data-report]').filter({ hasText: 'verdict' }).waitFor({ state: 'attached', timeout: 60_000 });
  const ms = Date.now() - start;
  await ctx.close();
  return ms;
}

async function main(): Promise<void> {
  const coturn = await startCoturn({ secret: SECRET });
  const servers = {
    direct: await startVestibule({ TURN_URLS: `${coturn.urls.udp},${coturn.urls.tcp}`, TURN_SECRET: SECRET }),
    relayUdp: await startVestibule({ TURN_URLS: coturn.urls.udp, TURN_SECRET: SECRET, FORCE_RELAY: '1' }),
    relayTcp: await startVestibule({ TURN_URLS: coturn.urls.tcp, TURN_SECRET: SECRET, FORCE_RELAY: '1' }),
    ...(BASELINE_DIR
      ? { baseline: await startVestibule({ TURN_URLS: `${coturn.urls.udp},${coturn.urls.tcp}`, TURN_SECRET: SECRET }, BASELINE_DIR) }
      : {}),
  };
  const browser = await chromium.launch(chromiumLaunchOptions());
  const rows: Row[] = [
    { scenario: 'admit -> first remote frame, direct (host candidates)', samples: [] },
    { scenario: 'admit -> first remote frame, relayed over UDP (coturn)', samples: [] },
    { scenario: 'admit -> first remote frame, relayed over TCP (coturn)', samples: [] },
    { scenario: 'connection test, start -> report (TURN offered)', samples: [] },
  ];
  const baselineRow: Row = { scenario: `admit -> first remote frame, direct, ${process.env.BENCH_BASELINE_LABEL}`, samples: [] };
  // Where the direct route's time goes, each from the same Admit click (in the client page's clock).
  const PHASE_NAMES: [keyof Phases, string][] = [
    ['admitted', '  direct: admit -> client hears it is admitted'],
    ['provider:peerConnection' as keyof Phases, '  direct: admit -> provider makes its peer connection'],
    ['provider:localDescription' as keyof Phases, '  direct: admit -> provider sets its offer'],
    ['peerJoined', '  direct: admit -> client hears the provider is there'],
    ['peerConnection', '  direct: admit -> client makes its peer connection'],
    ['offerOrAnswer', "  direct: admit -> client gets the provider's description"],
    ['offerHeard', "  direct: admit -> client's socket has the offer"],
    ['provider:offerSent' as keyof Phases, '  direct: admit -> provider sends its offer'],
    ['localDescription', '  direct: admit -> client sets its answer'],
    ['answerSent', '  direct: admit -> client sends its answer'],
    ['provider:answerHeard' as keyof Phases, "  direct: admit -> provider's socket has the answer"],
    ['provider:offerOrAnswer' as keyof Phases, "  direct: admit -> provider gets the client's answer"],
    ['iceConnected', '  direct: admit -> ICE connected'],
    ['track', '  direct: admit -> remote track arrives'],
  ];
  const phaseSamples = new Map<keyof Phases, number[]>(PHASE_NAMES.map(([name]) => [name, []]));
  let background = '';
  try {
    // Interleaved, so a slow moment of the machine hits every scenario alike.
    for (let i = 0; i < RUNS; i++) {
      rows[0]!.samples.push(await admitToFirstFrame(browser, servers.direct, phaseSamples));
      if (servers.baseline) baselineRow.samples.push(await admitToFirstFrame(browser, servers.baseline));
      if (CALL_ONLY) continue;
      rows[1]!.samples.push(await admitToFirstFrame(browser, servers.relayUdp));
      rows[2]!.samples.push(await admitToFirstFrame(browser, servers.relayTcp));
      rows[3]!.samples.push(await connectionTest(browser, servers.direct));
    }
    if (!CALL_ONLY) background = formatBackgroundRows(await benchBackground(servers.direct));
  } finally {
    await browser.close();
    for (const s of Object.values(servers)) await s.stop();
    await coturn.stop();
  }
  rows.splice(
    1,
    0,
    ...(servers.baseline ? [baselineRow] : []),
    ...PHASE_NAMES.map(([name, scenario]) => ({ scenario, samples: phaseSamples.get(name)! })),
  );
  // Only the direct route ran: the other rows have no samples.
  if (CALL_ONLY) rows.splice(rows.findIndex((r) => r.scenario.includes('relayed over UDP')));
  const width = Math.max(...rows.map((r) => r.scenario.length));
  console.log(`\nVestibule benchmark: Chromium, loopback, ${RUNS} runs each, interleaved (ms)\n`);
  console.log(`${'scenario'.padEnd(width)} | ${'min'.padStart(6)} | ${'median'.padStart(6)} | ${'max'.padStart(6)}`);
  console.log(`${'-'.repeat(width)}-+-${'-'.repeat(6)}-+-${'-'.repeat(6)}-+-${'-'.repeat(6)}`);
  for (const r of rows) {
    const s = stats(r.samples);
    console.log(
      `${r.scenario.padEnd(width)} | ${String(Math.round(s.min)).padStart(6)} | ${String(Math.round(s.median)).padStart(6)} | ${String(Math.round(s.max)).padStart(6)}`,
    );
  }
  console.log(background);
}

await main();
