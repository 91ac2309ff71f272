// The connection test on a link shaped to a known rate (see scripts/test-shaped.mjs): the speeds it
// reports must match the link within ±25%, and a link too slow for video must fail, naming the speed.
import { expect, test } from '@playwright/test';
import { serverInfo } from '../support/server-info.js';

interface Report {
  verdict: 'pass' | 'warn' | 'fail';
  durationMs: number;
  checks: { id: string; status: string; message: string; details?: Record<string, unknown> }[];
  network: {
    uplinkKbps: number;
    downlinkKbps: number;
    rttMs: number;
    jitterMs: number;
    lossPct: number;
    lossMethod: string;
    turnConfigured: boolean;
    relay: Record<string, string>;
  };
}

const RATE_KBPS = Number(process.env.SHAPED_RATE_KBPS);

// Only scripts/test-shaped.mjs runs this file, inside a shaped network namespace. Run any other way
// it must fail, not pass or skip silently.
if (!RATE_KBPS) throw new Error('SHAPED_RATE_KBPS is not set: run `node scripts/test-shaped.mjs`');

test(`the connection test measures a ${RATE_KBPS ? `${RATE_KBPS} kbit/s` : 'shaped'} link`, async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${serverInfo().baseUrl}/test`);
  await page.getByRole('button', { name: 'Start the test' }).click();
  const pre = page.locator('pre[data-report]');
  await expect(pre).not.toBeEmpty({ timeout: 90_000 });
  const report = JSON.parse((await pre.textContent())!) as Report;
  const network = report.checks.find((c) => c.id === 'network')!;
  const n = report.network;
  console.log(
    `shaped ${RATE_KBPS} kbit/s: up ${n.uplinkKbps} kbps, down ${n.downlinkKbps} kbps, rtt ${n.rttMs} ms, jitter ${n.jitterMs} ms, ` +
      `loss ${n.lossPct}% (${n.lossMethod}), relay ${JSON.stringify(n.relay)}, verdict ${report.verdict}, runner ${report.durationMs} ms`,
  );
  console.log(`  download samples ${JSON.stringify(network.details?.downloadSamples)}`);
  console.log(`  upload samples ${JSON.stringify(network.details?.uploadSamples)}`);
  for (const key of ['uplinkKbps', 'downlinkKbps', 'rttMs', 'jitterMs', 'lossPct'] as const) expect(typeof n[key], key).toBe('number');

  if (RATE_KBPS >= 750) {
    // Each direction within ±25% of the shaped rate.
    expect(n.uplinkKbps).toBeGreaterThanOrEqual(RATE_KBPS * 0.75);
    expect(n.uplinkKbps).toBeLessThanOrEqual(RATE_KBPS * 1.25);
    expect(n.downlinkKbps).toBeGreaterThanOrEqual(RATE_KBPS * 0.75);
    expect(n.downlinkKbps).toBeLessThanOrEqual(RATE_KBPS * 1.25);
  } else {
    // Below what video needs, both directions: never above the link, and not wildly below it either
    // (a busy 2-core machine can starve the endpoints of a slow link, which only makes it slower).
    for (const kbps of [n.uplinkKbps, n.downlinkKbps]) {
      expect(kbps).toBeLessThanOrEqual(RATE_KBPS * 1.25);
      expect(kbps).toBeGreaterThanOrEqual(RATE_KBPS * 0.5);
    }
  }

  if (n.turnConfigured) {
    // A real relay on the same link: reachable over both transports, and loss counted on unreliable packets through it.
    expect(report.checks.find((c) => c.id === 'relay')?.status).toBe('pass');
    expect(n.relay).toEqual({ udp: 'reachable', tcp: 'reachable' });
    expect(n.lossMethod).toBe('relay-datachannel');
  }

  if (RATE_KBPS < 750) {
    expect(report.verdict).toBe('fail');
    expect(network.status).toBe('fail');
    expect(network.details?.problem).toBe('bandwidth');
    expect(network.message).toMatch(/speed is too slow for video/);
    expect(network.details?.audioOnly).toBe(true);
    await expect(page.getByText('Not ready yet')).toBeVisible();
    await expect(page.getByText(/Fix this first: “Internet speed”/)).toBeVisible();
    await expect(page.locator('[data-check="network"]').getByText('Or have an audio-only visit')).toBeVisible();
  } else {
    expect(network.status, network.message).toBe('pass');
    // The whole test, on a link that is good enough, within its 15 s budget.
    expect(report.durationMs).toBeLessThan(15_000);
  }
  await context.close();
});
