// Background effects in the benchmark: for each engine (Chromium, Firefox) and each effect (none, blur,
// a picture), a client page in the waiting room with the fake camera is watched for a fixed window:
// frames per second its self view (the track the call would send) delivers, the processor's own
// milliseconds per frame for segmentation and for compositing (User Timing measures, see
// client/media/background/processor.ts), and the CPU the browser used (all its processes, from /proc),
// as a share of one core.
import { type Browser, type BrowserServer, chromium, firefox } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';
import { chromiumLaunchOptions, firefoxLaunchOptions } from '../../test/browser/support/browsers.js';
import { demoLinksOn } from '../../test/browser/support/demo-links.js';
import type { RunningServer } from '../../test/browser/support/server-process.js';

const WINDOW_MS = Number(process.env.BENCH_BACKGROUND_MS ?? 10_000);
const EFFECTS = [
  { name: 'none', button: 'None' },
  { name: 'blur', button: 'Blur' },
  { name: 'picture', button: 'Soft dawn' },
] as const;
const MEASURES = { segment: 'vestibule-background-segment', composite: 'vestibule-background-composite' };
const TICKS_PER_SECOND = 100;

export interface BackgroundRow {
  engine: string;
  effect: string;
  fps: number;
  segmentMs: number | null;
  compositeMs: number | null;
  cpuPercent: number;
  note?: string;
}

/** utime + stime, in clock ticks, of a process and all its descendants. */
function treeCpuTicks(root: number): number {
  const children = new Map<number, number[]>();
  const ticks = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(f[1]);
      ticks.set(Number(d), Number(f[11]) + Number(f[12]));
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      // the process ended meanwhile
    }
  }
  let total = 0;
  const walk = (pid: number) => {
    total += ticks.get(pid) ?? 0;
    for (const c of children.get(pid) ?? []) walk(c);
  };
  walk(root);
  return total;
}

async function measureEffect(
  browser: Browser,
  pid: number,
  server: RunningServer,
  effect: (typeof EFFECTS)[number],
): Promise<Omit<BackgroundRow, 'engine'>> {
  const ctx = await browser.newContext();
  await ctx.addInitScript((names: string[]) => {
    const seen: Record<string, number[]> = {};
    (window as unknown as { __measures: typeof seen }).__measures = seen;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (names.includes(e.name)) (seen[e.name] ??= []).push(e.duration);
    }).observe({ type: 'measure', buffered: true });
  }, Object.values(MEASURES));
  const page = await ctx.newPage();
  await page.goto(demoLinksOn(server).clientUrl);
  await page.getByRole('button', { name: effect.button, exact: true }).click();
  const status = page.locator('.background-status');
  const wanted = effect.name === 'none' ? 'No background effect.' : 'Your preview shows what others see.';
  const problem = page.locator('.background-problem');
  await Promise.race([
    status.filter({ hasText: wanted }).waitFor({ timeout: 90_000 }),
    problem.filter({ hasText: 'do not work' }).waitFor({ timeout: 90_000 }),
  ]);
  if (await problem.filter({ hasText: 'do not work' }).count()) {
    await ctx.close();
    return { effect: effect.name, fps: 0, segmentMs: null, compositeMs: null, cpuPercent: 0, note: 'unsupported in this browser here' };
  }
  await page
    .locator('video[data-self]')
    .evaluate(
      (v: HTMLVideoElement) =>
        new Promise((r) => (v.videoWidth ? r(null) : v.addEventListener('loadeddata', () => r(null), { once: true }))),
    );
  const cpuBefore = treeCpuTicks(pid);
  const started = Date.now();
  const frames = await page.locator('video[data-self]').evaluate(
    (v: HTMLVideoElement, ms: number) =>
      new Promise<number>((resolve) => {
        let n = 0;
        // Emptied in place: the observer (init script) holds this very object, so a new one would stay empty.
        const measures = (window as unknown as { __measures: Record<string, number[]> }).__measures;
        for (const name of Object.keys(measures)) delete measures[name];
        const tick = () => {
          n++;
          v.requestVideoFrameCallback(tick);
        };
        v.requestVideoFrameCallback(tick);
        setTimeout(() => resolve(n), ms);
      }),
    WINDOW_MS,
  );
  const wall = Date.now() - started;
  const cpuPercent = ((treeCpuTicks(pid) - cpuBefore) / TICKS_PER_SECOND / (wall / 1000)) * 100;
  const measures = await page.evaluate(() => (window as unknown as { __measures: Record<string, number[]> }).__measures);
  const median = (xs: number[] | undefined) => (xs?.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : null);
  await ctx.close();
  return {
    effect: effect.name,
    fps: frames / (wall / 1000),
    segmentMs: median(measures[MEASURES.segment]),
    compositeMs: median(measures[MEASURES.composite]),
    cpuPercent,
  };
}

export async function benchBackground(server: RunningServer): Promise<BackgroundRow[]> {
  const rows: BackgroundRow[] = [];
  const engines: [string, () => Promise<BrowserServer>, typeof chromium][] = [
    ['Chromium', () => chromium.launchServer(chromiumLaunchOptions()), chromium],
    ['Firefox', () => firefox.launchServer(firefoxLaunchOptions()), firefox],
  ];
  for (const [engine, launch, type] of engines) {
    const bs = await launch();
    const browser = await type.connect(bs.wsEndpoint());
    try {
      for (const effect of EFFECTS) rows.push({ engine, ...(await measureEffect(browser, bs.process().pid!, server, effect)) });
    } finally {
      await browser.close();
      await bs.close();
    }
  }
  return rows;
}

export function formatBackgroundRows(rows: BackgroundRow[]): string {
  const n = (x: number | null, d = 1) => (x === null ? 'n/a' : x.toFixed(d));
  const lines = [
    `\nBackground effects: self view of a client in the waiting room, fake camera, ${WINDOW_MS / 1000} s window each`,
    '(segment/composite: median ms per frame; CPU: the whole browser, % of one core)\n',
    `${'engine'.padEnd(9)}| ${'effect'.padEnd(8)}| ${'fps'.padStart(5)} | ${'segment'.padStart(7)} | ${'composite'.padStart(9)} | ${'CPU %'.padStart(6)} | note`,
  ];
  for (const r of rows)
    lines.push(
      `${r.engine.padEnd(9)}| ${r.effect.padEnd(8)}| ${n(r.fps).padStart(5)} | ${n(r.segmentMs).padStart(7)} | ${n(r.compositeMs).padStart(9)} | ${n(r.cpuPercent, 0).padStart(6)} | ${r.note ?? ''}`,
    );
  return lines.join('\n');
}
