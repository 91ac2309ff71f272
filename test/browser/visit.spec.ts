// A real visit in real browsers: two contexts with fake camera and microphone, real signaling through
// the running server, real WebRTC media checked on both sides.
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { serverInfo } from './support/server-info.js';
import { demoLinks, expectCleanServerLog, expectRemoteMediaFlowing, newPeerPage, openPeerConnections, tokenOf } from './support/visit.js';
import { ONE_ENGINE } from './support/tags.js';

test('client waits, provider admits, both see and hear each other', async ({ browser }) => {
  const links = demoLinks();
  const clientCtx = await browser.newContext();
  const providerCtx = await browser.newContext();
  const client = await newPeerPage(clientCtx);
  const provider = await newPeerPage(providerCtx);

  await client.goto(links.clientUrl);
  await expect(client.getByRole('heading', { name: 'You are in the waiting room' })).toBeVisible();
  await expect(client.getByText('Dr. Rivera will let you in')).toBeVisible();
  // Own preview is live while waiting.
  await expect.poll(() => client.locator('video[data-self]').evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);
  await client.getByRole('button', { name: "I'm ready" }).click();
  await expect(client.getByRole('button', { name: "I'm ready" })).toHaveAttribute('aria-pressed', 'true');

  await provider.goto(links.providerUrl);
  const entry = provider.locator('.waiting-entry', { hasText: 'Jordan' });
  await expect(entry).toBeVisible();
  await expect(entry.getByText('Ready', { exact: true })).toBeVisible();
  await expect(entry.getByText(/waiting \d+ s/)).toBeVisible();
  await expect(provider.getByRole('button', { name: 'Remove Jordan' })).toBeVisible();
  // Until admitted, the client has no peer connection at all.
  expect(await openPeerConnections(client)).toBe(0);
  expect(await openPeerConnections(provider)).toBe(0);

  await provider.getByRole('button', { name: 'Admit Jordan' }).click();
  await expect(client.getByRole('heading', { name: 'You are in the waiting room' })).toBeHidden();
  // "I'm ready" had the focus and went with the waiting room: the focus goes to the call's first
  // control, not back to the page's start, and a screen reader hears that the client is in. (Firefox
  // counts an element focused only in the window that has the system's focus: the provider's took it.)
  await client.bringToFront();
  await expect(client.getByRole('button', { name: 'Microphone' })).toBeFocused();
  await expect(client.getByRole('status').filter({ hasText: 'Dr. Rivera let you into the call' })).toHaveCount(1);
  await expectRemoteMediaFlowing(client);
  await expectRemoteMediaFlowing(provider);
  await expect(provider.getByRole('button', { name: 'Admit Jordan' })).toHaveCount(0);
  // The connection details tell the truth: on loopback the path is direct, over UDP.
  for (const page of [client, provider]) await expect(page.locator('.connection-details .route')).toHaveText('Direct (UDP)');

  expectCleanServerLog([tokenOf(links.clientUrl), tokenOf(links.providerUrl), 'Jordan', 'Dr. Rivera']);
  await clientCtx.close();
  await providerCtx.close();
});

test('a provider who arrives first waits and sees the client arrive', async ({ browser }) => {
  const links = demoLinks();
  const providerCtx = await browser.newContext();
  const clientCtx = await browser.newContext();
  const provider = await newPeerPage(providerCtx);
  await provider.goto(links.providerUrl);
  await expect(provider.getByText('Waiting for your client to arrive')).toBeVisible();
  await expect(provider.locator('.waiting-list').getByText('No one is waiting.')).toBeVisible();

  const client = await newPeerPage(clientCtx);
  await client.goto(links.clientUrl);
  await expect(provider.getByRole('button', { name: 'Admit Jordan' })).toBeVisible();
  await expect(provider.getByRole('heading', { name: 'Jordan is in the waiting room' })).toBeVisible();
  // The stage's text is a status region: a roster change that leaves it the same (Jordan says they
  // are ready) must not write it again, or screen readers repeat it. The stage says who arrived, so
  // the waiting list's own announcement keeps quiet.
  await provider.locator('.lobby-text').evaluate((el) => {
    const w = window as unknown as { lobbyWrites: number };
    w.lobbyWrites = 0;
    new MutationObserver((changes) => (w.lobbyWrites += changes.length)).observe(el, {
      childList: true,
      subtree: true,
      characterData: true,
    });
  });
  await client.getByRole('button', { name: "I'm ready" }).click();
  await expect(provider.locator('.waiting-entry', { hasText: 'Jordan' }).getByText('Ready', { exact: true })).toBeVisible();
  expect(await provider.evaluate(() => (window as unknown as { lobbyWrites: number }).lobbyWrites)).toBe(0);
  await expect(provider.getByRole('status').filter({ hasText: 'Jordan is in the waiting room' })).toHaveCount(1);
  await provider.getByRole('button', { name: 'Admit Jordan' }).click();
  await expectRemoteMediaFlowing(provider);
  await expectRemoteMediaFlowing(client);
  await clientCtx.close();
  await providerCtx.close();
});

test('a client who reloads comes back into the call without a second admission', async ({ browser }) => {
  const links = demoLinks();
  const providerCtx = await browser.newContext();
  const clientCtx = await browser.newContext();
  const provider = await newPeerPage(providerCtx);
  const client = await newPeerPage(clientCtx);
  await provider.goto(links.providerUrl);
  await client.goto(links.clientUrl);
  await provider.getByRole('button', { name: 'Admit Jordan' }).click();
  await expectRemoteMediaFlowing(client);

  await client.reload();
  await expect(client.locator('.connection-status')).toHaveAttribute('data-connection', 'connected');
  await expect(client.getByRole('heading', { name: 'You are in the waiting room' })).toBeHidden();
  await expectRemoteMediaFlowing(client);
  await expectRemoteMediaFlowing(provider);
  // Back straight into the call, not let in: nothing is announced and the focus is left alone.
  await expect(client.getByRole('status').filter({ hasText: 'let you into the call' })).toHaveCount(0);
  expect(await client.evaluate(() => document.activeElement === document.body)).toBe(true);
  await expect(provider.getByRole('button', { name: 'Admit Jordan' })).toHaveCount(0);

  // The provider reloading works the same way.
  await provider.reload();
  await expectRemoteMediaFlowing(provider);
  await expectRemoteMediaFlowing(client);
  expectCleanServerLog([tokenOf(links.clientUrl), tokenOf(links.providerUrl)]);
  await clientCtx.close();
  await providerCtx.close();
});

test('`npm run demo -- --json` prints one JSON line of working links while the server runs', ONE_ENGINE, async ({ page }) => {
  const info = serverInfo();
  const out = execFileSync('npm', ['run', '--silent', 'demo', '--', '--json'], {
    env: { ...process.env, DATA_DIR: info.dataDir, PUBLIC_URL: info.baseUrl },
    encoding: 'utf8',
  });
  const lines = out.trim().split('\n');
  expect(lines).toHaveLength(1);
  const links = JSON.parse(lines[0]!) as { providerUrl: string; clientUrl: string };
  expect(links.providerUrl).toMatch(new RegExp(`^${info.baseUrl}/v/[\\w-]+#t=`));
  await page.goto(links.clientUrl);
  await expect(page.getByRole('heading', { name: 'You are in the waiting room' })).toBeVisible();
});
