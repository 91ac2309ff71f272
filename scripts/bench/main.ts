// The benchmark itself (see scripts/bench.mjs). Every figure is a measurement of this run; each row
// repeats the same scenario RUNS times and reports min / median / max.
import { chromium, type Browser } from '@playwright/test';
import { startCoturn } from '../../test/support/coturn.js';
import { benchBackground, formatBackgroundRows } from './background.js';
import { chromiumLaunchOptions } from '../../test/browser/support/browsers.js';
import { demoLinksOn } from '../../test/browser/support/demo-links.js';
import { startVestibule, type RunningServer } from '../../test/browser/support/server-process.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
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
}

/**
 * Runs in the client's page before its own scripts: notes when the admission arrives and when its peer
 * connection is made, gets the other side's description, connects ICE and receives a track.
 */
const PHASE_PROBE = () => {
  const at = () => performance.timeOrigin + performance.now();
  const phases: Record<string, number> = {};
  (window as unknown as { __phases: Record<string, number> }).__phases = phases;
  const once = (name: string) => {
    phases[name] ??= at();
  };
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (typeof e.data !== 'string') return;
        if (e.data.startsWith('{"type":"admission"') && e.data.includes('"admitted"')) once('admitted');
        if (e.data.startsWith('{"type":"peer-joined"')) once('peerJoined');
      });
    }
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
  };
  const browser = await chromium.launch(chromiumLaunchOptions());
  const rows: Row[] = [
    { scenario: 'admit -> first remote frame, direct (host candidates)', samples: [] },
    { scenario: 'admit -> first remote frame, relayed over UDP (coturn)', samples: [] },
    { scenario: 'admit -> first remote frame, relayed over TCP (coturn)', samples: [] },
    { scenario: 'connection test, start -> report (TURN offered)', samples: [] },
  ];
  // Where the direct route's time goes, each from the same Admit click (in the client page's clock).
  const PHASE_NAMES: [keyof Phases, string][] = [
    ['admitted', '  direct: admit -> client hears it is admitted'],
    ['provider:peerConnection' as keyof Phases, '  direct: admit -> provider makes its peer connection'],
    ['provider:localDescription' as keyof Phases, '  direct: admit -> provider sets its offer'],
    ['peerJoined', '  direct: admit -> client hears the provider is there'],
    ['peerConnection', '  direct: admit -> client makes its peer connection'],
    ['offerOrAnswer', "  direct: admit -> client gets the provider's description"],
    ['iceConnected', '  direct: admit -> ICE connected'],
    ['track', '  direct: admit -> remote track arrives'],
  ];
  const phaseSamples = new Map<keyof Phases, number[]>(PHASE_NAMES.map(([name]) => [name, []]));
  let background = '';
  try {
    // Interleaved, so a slow moment of the machine hits every scenario alike.
    for (let i = 0; i < RUNS; i++) {
      rows[0]!.samples.push(await admitToFirstFrame(browser, servers.direct, phaseSamples));
      rows[1]!.samples.push(await admitToFirstFrame(browser, servers.relayUdp));
      rows[2]!.samples.push(await admitToFirstFrame(browser, servers.relayTcp));
      rows[3]!.samples.push(await connectionTest(browser, servers.direct));
    }
    background = formatBackgroundRows(await benchBackground(servers.direct));
  } finally {
    await browser.close();
    for (const s of Object.values(servers)) await s.stop();
    await coturn.stop();
  }
  rows.splice(1, 0, ...PHASE_NAMES.map(([name, scenario]) => ({ scenario, samples: phaseSamples.get(name)! })));
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
