// Audio first on a shaped link (run by scripts/test-shaped.mjs in its own network namespace, loopback
// unshaped): the client's uplink alone is cut to a rate that cannot carry video. Their sound keeps
// reaching the provider and both pages say the client's video is paused; raising the rate brings the
// video back by itself. Cut again, one click on "Try video again" brings it back until the next weak
// spell; then the provider turns the automatic pause off and the video comes back although the link
// is still weak.
import { execFileSync } from 'node:child_process';
import { expect, type Page, test } from '@playwright/test';
import { seriousAxeViolations } from '../support/axe.js';
import { admittedCall } from '../support/call.js';
import { expectRemoteMediaFlowing } from '../support/visit.js';

// Only scripts/test-shaped.mjs runs this file, as root inside a fresh network namespace (tc below
// changes its loopback). Run any other way it must fail, not pass or skip silently.
if (!process.env.SHAPED_PER_PARTICIPANT)
  throw new Error('SHAPED_PER_PARTICIPANT is not set: run `SHAPED_ONLY=audio-first node scripts/test-shaped.mjs`');

const WEAK_KBIT = 300;
const GOOD_KBIT = 20_000;
const SELF_PAUSED = 'Your connection is weak, so your video is paused to keep the sound clear.';
const PEER_PAUSED = "Jordan's video is paused because of their connection";
const SWITCH = "Pause someone's video by itself when their connection is too weak for it";

function tc(...args: string[]): void {
  execFileSync('tc', args, { stdio: 'pipe' });
}

/**
 * Everything sent from these local ports (one participant's media) goes through a class of its own at
 * `kbit`, with a short queue as a real uplink has; everything else on loopback is left alone.
 */
function shapeUplink(ports: number[], kbit: number): void {
  tc('qdisc', 'replace', 'dev', 'lo', 'root', 'handle', '1:', 'htb', 'default', '10');
  tc('class', 'replace', 'dev', 'lo', 'parent', '1:', 'classid', '1:10', 'htb', 'rate', '10gbit');
  tc(
    'class',
    'replace',
    'dev',
    'lo',
    'parent',
    '1:',
    'classid',
    '1:20',
    'htb',
    'rate',
    `${kbit}kbit`,
    'ceil',
    `${kbit}kbit`,
    'burst',
    '16k',
  );
  tc('qdisc', 'replace', 'dev', 'lo', 'parent', '1:20', 'handle', '20:', 'pfifo', 'limit', '30');
  for (const port of ports) {
    tc(
      'filter',
      'add',
      'dev',
      'lo',
      'parent',
      '1:',
      'protocol',
      'ip',
      'prio',
      '1',
      'u32',
      'match',
      'ip',
      'sport',
      String(port),
      '0xffff',
      'flowid',
      '1:20',
    );
  }
}

function setUplinkRate(kbit: number): void {
  tc(
    'class',
    'change',
    'dev',
    'lo',
    'parent',
    '1:',
    'classid',
    '1:20',
    'htb',
    'rate',
    `${kbit}kbit`,
    'ceil',
    `${kbit}kbit`,
    'burst',
    '16k',
  );
}

/** The local ports of the page's media path (the selected candidate pair's local side, and its base). */
function mediaPorts(page: Page): Promise<number[]> {
  return page.evaluate(async () => {
    const pc = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.find((p) => p.connectionState === 'connected');
    if (!pc) throw new Error('no connected peer connection');
    const stats = [...(await pc.getStats()).values()] as Record<string, unknown>[];
    const transport = stats.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
    // Chromium names the pair on the transport; Firefox marks the pair itself.
    const pair =
      stats.find((s) => s.id === transport?.selectedCandidatePairId) ??
      stats.find((s) => s.type === 'candidate-pair' && s.selected === true);
    const local = stats.find((s) => s.id === pair?.localCandidateId);
    if (!local) throw new Error('no selected candidate pair');
    return [local.port, local.relatedPort].filter((p): p is number => typeof p === 'number' && p > 0);
  });
}

/** Records the client's outgoing stats once a second, to print with the result. */
function startTrace(page: Page): Promise<void> {
  return page.evaluate(() => {
    const w = window as unknown as { __pcs: RTCPeerConnection[]; __trace: string[] };
    w.__trace = [];
    const t0 = Date.now();
    setInterval(async () => {
      const pc = w.__pcs.find((p) => p.connectionState === 'connected');
      if (!pc) return;
      const stats = [...(await pc.getStats()).values()] as Record<string, unknown>[];
      const transport = stats.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
      const pair = stats.find((s) => s.id === transport?.selectedCandidatePairId);
      const video = stats.find((s) => s.type === 'outbound-rtp' && s.kind === 'video');
      const remote = stats.filter((s) => s.type === 'remote-inbound-rtp').map((s) => `${s.kind}:${s.packetsLost}/${s.roundTripTime}`);
      const est = Math.round(Number(pair?.availableOutgoingBitrate ?? 0) / 1000);
      w.__trace.push(
        `${Math.round((Date.now() - t0) / 1000)}s est=${est} qlr=${video?.qualityLimitationReason} sent=${video?.bytesSent} rtt=${pair?.currentRoundTripTime} ${remote.join(' ')}`,
      );
    }, 1000);
  });
}

function trace(page: Page): Promise<string> {
  return page.evaluate(() => (window as unknown as { __trace: string[] }).__trace.join('\n')).catch(() => 'no trace');
}

/** Audio packets received and their energy so far, over the page's open peer connections. */
function inboundAudio(page: Page): Promise<{ packets: number; energy: number }> {
  return page.evaluate(async () => {
    const out = { packets: 0, energy: 0 };
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s) => {
        if (s.type !== 'inbound-rtp' || s.kind !== 'audio') return;
        out.packets += s.packetsReceived ?? 0;
        out.energy += s.totalAudioEnergy ?? 0;
      });
    }
    return out;
  });
}

/** The sound keeps arriving: more packets, and more energy (the fake microphone's beep, not silence). */
async function expectAudioFlowing(page: Page): Promise<void> {
  for (let round = 0; round < 3; round++) {
    const before = await inboundAudio(page);
    await expect
      .poll(
        async () => {
          const now = await inboundAudio(page);
          return now.packets > before.packets + 20 && now.energy > before.energy;
        },
        { message: 'received audio packets and energy keep increasing', timeout: 20_000 },
      )
      .toBe(true);
  }
}

async function expectPausedOnBoth(client: Page, provider: Page): Promise<void> {
  await expect(client.getByText(SELF_PAUSED), 'the client is told their video is paused').toBeVisible({ timeout: 90_000 });
  await expect(client.getByRole('button', { name: 'Try video again' })).toBeVisible();
  await expect(provider.getByText(PEER_PAUSED), "the provider's tile says why, instead of a black box").toBeVisible({ timeout: 30_000 });
}

async function expectBackOnBoth(client: Page, provider: Page, timeout: number): Promise<void> {
  await expect(client.getByText(SELF_PAUSED), 'the note goes away when video is back').toBeHidden({ timeout });
  await expect(provider.getByText(PEER_PAUSED)).toBeHidden({ timeout: 30_000 });
  await expectRemoteMediaFlowing(provider);
}

test('audio first: a weak uplink pauses video but not sound, and video comes back by itself or when the provider turns it off', async ({
  browser,
}) => {
  test.setTimeout(480_000);
  const call = await admittedCall(browser, undefined, { expectMedia: false });
  const { client, provider } = call;
  await startTrace(client);
  try {
    await expectRemoteMediaFlowing(client);
    await expectRemoteMediaFlowing(provider);
    const ports = await mediaPorts(client);
    expect(ports.length).toBeGreaterThan(0);
    shapeUplink(ports, WEAK_KBIT);

    await expectPausedOnBoth(client, provider);
    await expectAudioFlowing(provider);
    expect(await seriousAxeViolations(client)).toEqual([]);
    expect(await seriousAxeViolations(provider)).toEqual([]);

    // The link recovers: the page tries its video again by itself and keeps it once the link holds up.
    setUplinkRate(GOOD_KBIT);
    await expectBackOnBoth(client, provider, 180_000);

    // Weak again. One click gives the video back at once although the link is still weak, and both
    // sides see it; a full weak spell later it pauses again.
    setUplinkRate(WEAK_KBIT);
    await expectPausedOnBoth(client, provider);
    await client.getByRole('button', { name: 'Try video again' }).click();
    await expect(client.getByText(SELF_PAUSED), 'one click brings the video back').toBeHidden({ timeout: 5_000 });
    await expect(provider.getByText(PEER_PAUSED), 'the provider sees the video is back').toBeHidden({ timeout: 5_000 });
    await expectPausedOnBoth(client, provider);

    // This time the provider turns the automatic pause off for the visit.
    await provider.getByRole('button', { name: 'Options for you' }).click();
    await provider.getByRole('menuitem', { name: 'Audio and video settings' }).click();
    const dialog = provider.getByRole('dialog', { name: 'Audio and video settings' });
    const automaticPause = dialog.getByRole('checkbox', { name: SWITCH });
    await expect(automaticPause).toBeChecked();
    expect(await seriousAxeViolations(provider)).toEqual([]);
    await automaticPause.uncheck();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expectBackOnBoth(client, provider, 30_000);
    await expectAudioFlowing(provider);
  } catch (error) {
    // What the client's sender saw, second by second, to tell a weak link from a starved machine.
    console.log(await trace(client));
    throw error;
  } finally {
    try {
      tc('qdisc', 'del', 'dev', 'lo', 'root');
    } catch {
      // nothing to remove
    }
    await call.close();
  }
});
