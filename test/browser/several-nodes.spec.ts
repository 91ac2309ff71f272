// A visit spread over two Vestibule nodes (shared PostgreSQL and Redis, nginx in front, each browser
// context pinned to a node by cookie): the whole visit across nodes, then the node holding the client
// killed or drained mid-call, and Redis restarted mid-visit. Media flows browser to browser, so it must
// keep flowing on the same peer connection while signaling moves to the other node. Runs once, in
// Chromium (the 'own-browsers' project): it starts its own servers.
import { type Browser, expect, type Page, test } from '@playwright/test';
import { countOffers, offersMade } from './support/call.js';
import {
  type CallWatch,
  type Cluster,
  finishWatch,
  nodeOf,
  recordSockets,
  socketsOf,
  startCluster,
  watchCall,
  watchedSamples,
} from './support/several-nodes.js';
import { expectRemoteMediaFlowing, newPeerPage, openPeerConnections } from './support/visit.js';

let cluster: Cluster;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  cluster = await startCluster();
});

test.afterAll(async () => {
  test.setTimeout(60_000);
  await cluster?.stop();
});

// A test that killed or drained a node leaves it down; the next one starts with both nodes up.
test.beforeEach(async () => {
  await cluster.ensureAllRunning();
});

test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus)
    await testInfo.attach('server logs', { body: cluster.logs(), contentType: 'text/plain' });
});

/** A node's own /readyz: its status and what it says fails. */
async function readiness(port: number): Promise<{ status: number; failing: string[] }> {
  const res = await fetch(`http://127.0.0.1:${port}/readyz`);
  return { status: res.status, failing: ((await res.json()) as { failing?: string[] }).failing ?? [] };
}

interface NodeCall {
  provider: Page;
  client: Page;
  close(): Promise<void>;
}

/** A provider pinned to node 0 and a client pinned to node 1, each proved to be there by the node's own answer. */
async function openOnTwoNodes(browser: Browser): Promise<NodeCall & { links: ReturnType<Cluster['demoLinks']> }> {
  const links = cluster.demoLinks();
  const providerCtx = await browser.newContext();
  const clientCtx = await browser.newContext();
  await cluster.pin(providerCtx, 0);
  await cluster.pin(clientCtx, 1);
  for (const ctx of [providerCtx, clientCtx]) await recordSockets(ctx);
  const provider = await newPeerPage(providerCtx);
  const client = await newPeerPage(clientCtx);
  await countOffers(provider);
  await countOffers(client);
  await provider.goto(links.providerUrl);
  await client.goto(links.clientUrl);
  expect(await nodeOf(provider), 'the provider is served by node 0').toBe('node-0');
  expect(await nodeOf(client), 'the client is served by node 1').toBe('node-1');
  return { links, provider, client, close: async () => void (await Promise.all([providerCtx.close(), clientCtx.close()])) };
}

/** The same, admitted, with media checked flowing both ways. */
async function admittedOnTwoNodes(browser: Browser): Promise<NodeCall> {
  const call = await openOnTwoNodes(browser);
  await call.provider.getByRole('button', { name: 'Admit Jordan' }).click();
  await expectRemoteMediaFlowing(call.client);
  await expectRemoteMediaFlowing(call.provider);
  return call;
}

/** Waits until the page's signaling is back: a socket after the first one got a welcome. */
async function expectSignalingBack(page: Page, what: string): Promise<void> {
  await expect
    .poll(async () => (await socketsOf(page)).slice(1).some((s) => s.welcome !== null), {
      message: `${what}: a new signaling socket is welcomed`,
      timeout: 15_000,
    })
    .toBe(true);
}

/** Every interval between samples saw new video bytes and newly decoded frames: no gap at all. */
function expectNoGap(watch: CallWatch, who: string): void {
  expect(watch.samePeerConnection, `${who}: the call's peer connection is the one from before`).toBe(true);
  expect(watch.createdSince, `${who}: no new peer connection was created`).toBe(0);
  expect(watch.samples.length, `${who}: enough samples`).toBeGreaterThan(4);
  for (let i = 1; i < watch.samples.length; i++) {
    const [a, b] = [watch.samples[i - 1]!, watch.samples[i]!];
    const span = `${who}: ${b.at - a.at} ms from sample ${i - 1} to ${i}`;
    expect(b.bytes, `${span}: inbound video bytes grow`).toBeGreaterThan(a.bytes);
    expect(b.frames, `${span}: decoded frames grow`).toBeGreaterThan(a.frames);
  }
}

/** Starts recording every connection state the page's remote tiles show (their data-state). */
async function recordTileStates(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __tileStates: string[] }).__tileStates = seen;
    new MutationObserver((records) => {
      for (const r of records) seen.push((r.target as HTMLElement).dataset.state ?? '');
    }).observe(document.body, { subtree: true, attributeFilter: ['data-state'] });
  });
}

function tileStates(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __tileStates: string[] }).__tileStates);
}

/** After the client's signaling moved nodes: the provider's tile shows the client again, not "Reconnecting…". */
async function expectClientTileBack(provider: Page): Promise<void> {
  const tile = provider.locator('figure.tile[data-peer]');
  await expect(tile, "the provider's tile of the client is connected again").toHaveAttribute('data-state', 'connected');
  await expect(tile).not.toContainText('Reconnecting');
  await expect(provider.locator('figure.tile[data-peer]')).toHaveCount(1);
}

test('provider and client on different nodes: waiting room, admission, media, chat, camera off, end of session', async ({ browser }) => {
  const { provider, client, close } = await openOnTwoNodes(browser);
  await expect(client.getByRole('heading', { name: 'You are in the waiting room' })).toBeVisible();
  await client.getByRole('button', { name: "I'm ready" }).click();
  const entry = provider.locator('.waiting-entry', { hasText: 'Jordan' });
  await expect(entry.getByText('Ready', { exact: true }), "node 1's change reaches node 0: Jordan is ready").toBeVisible();

  await provider.getByRole('button', { name: 'Admit Jordan' }).click();
  await expect(client.getByRole('heading', { name: 'You are in the waiting room' })).toBeHidden();
  await expectRemoteMediaFlowing(client);
  await expectRemoteMediaFlowing(provider);

  // Chat both ways, each message crossing from one node to the other.
  await provider.getByRole('button', { name: /^Chat/ }).click();
  await provider.getByLabel('Message', { exact: true }).fill('Hello from node zero');
  await provider.getByRole('button', { name: 'Send' }).click();
  await expect(client.getByRole('button', { name: /^Chat, 1 unread/ })).toBeVisible();
  await client.getByRole('button', { name: /^Chat/ }).click();
  await expect(client.getByRole('log')).toContainText('Hello from node zero');
  await client.getByLabel('Message', { exact: true }).fill('Hello back from node one');
  await client.getByLabel('Message', { exact: true }).press('Enter');
  await expect(provider.getByRole('log')).toContainText('Hello back from node one');

  // The client's media state reaches the provider's tile.
  await client.getByRole('button', { name: 'Camera' }).click();
  const tile = provider.locator('figure.tile[data-peer]');
  await expect(tile.locator('[data-status]'), "the provider's tile says the client's camera is off").toContainText('Camera off');
  await expect(tile).toHaveAttribute('data-video', 'off');

  await provider.getByRole('button', { name: 'End session' }).click();
  await provider.getByRole('dialog').getByRole('button', { name: 'End session for everyone' }).click();
  await expect(client.getByRole('heading', { name: 'This visit has ended' })).toBeVisible();
  await expect(provider.getByRole('dialog', { name: 'This session has ended' })).toBeVisible();
  await close();
});

test('the node holding the client dies mid-call: media never stops, and the client is back through the other node, still admitted', async ({
  browser,
}) => {
  const { provider, client, close } = await admittedOnTwoNodes(browser);
  const offersBefore = await offersMade(provider);
  await watchCall(provider);
  await watchCall(client);
  await expect.poll(() => watchedSamples(provider), { message: 'samples before the crash' }).toBeGreaterThan(2);

  await cluster.nodes[1]!.kill();
  await expectSignalingBack(client, 'after node 1 died');
  const sockets = await socketsOf(client);
  expect(sockets[0]!.closeCode, 'the first socket was cut, not closed by the server').toBe(1006);
  expect(
    sockets.filter((s) => s.welcome !== null).map((s) => s.welcome),
    'welcomed again as admitted: no waiting room',
  ).toEqual(['waiting', 'admitted']);
  expect(await nodeOf(client), 'node 1 is down: the client is served by node 0').toBe('node-0');
  // The provider kept its peer connection and took the client's new session: it offered once more on it.
  await expect
    .poll(() => offersMade(provider), { message: 'the provider adopts the new session (one more offer)' })
    .toBeGreaterThan(offersBefore);
  const adoptedAt = await watchedSamples(provider);
  await expect
    .poll(() => watchedSamples(provider), { message: 'samples for 2 s after the re-introduction' })
    .toBeGreaterThan(adoptedAt + 4);

  expectNoGap(await finishWatch(provider), 'provider');
  expectNoGap(await finishWatch(client), 'client');
  await expectClientTileBack(provider);
  await expect(client.getByRole('heading', { name: 'You are in the waiting room' })).toBeHidden();
  await expect(provider.getByRole('button', { name: 'Admit Jordan' })).toHaveCount(0);
  await close();
});

test('the node holding the client is drained (SIGTERM): the page is told 1001, reconnects to the other node, and the node exits', async ({
  browser,
}) => {
  const { provider, client, close } = await admittedOnTwoNodes(browser);
  const offersBefore = await offersMade(provider);
  await watchCall(provider);

  const drained = cluster.nodes[1]!.drain();
  await expect
    .poll(async () => (await socketsOf(client))[0]?.closeCode, { message: "node 1 closes the client's socket with 1001 (going away)" })
    .toBe(1001);
  await expectSignalingBack(client, 'after node 1 was drained');
  expect(await nodeOf(client), 'the client is served by node 0 now').toBe('node-0');
  const exitMs = await drained;
  expect(exitMs, 'the drained node exits within a few seconds').toBeLessThan(6000);
  expect(cluster.nodes[1]!.running()).toBe(false);

  await expect
    .poll(() => offersMade(provider), { message: 'the provider adopts the new session (one more offer)' })
    .toBeGreaterThan(offersBefore);
  const adoptedAt = await watchedSamples(provider);
  await expect.poll(() => watchedSamples(provider), { message: 'samples after the re-introduction' }).toBeGreaterThan(adoptedAt + 2);
  expectNoGap(await finishWatch(provider), 'provider');
  await expectClientTileBack(provider);
  await close();
});

test('the node holding the client dies and the client reloads at once: the provider, who kept its old peer connection, starts a new one with the new page', async ({
  browser,
}) => {
  const { provider, client, close } = await admittedOnTwoNodes(browser);
  await cluster.nodes[1]!.kill();
  // The old page's goodbye (close 1000) dies with node 1: the server only knows the client dropped.
  await client.reload();
  await expect(client.getByRole('heading', { name: 'You are in the waiting room' })).toBeHidden();
  await expectRemoteMediaFlowing(client);
  await expectRemoteMediaFlowing(provider);
  await expect.poll(() => openPeerConnections(provider), { message: 'the provider holds one peer connection, the new one' }).toBe(1);
  await expectClientTileBack(provider);
  await close();
});

test('Redis restarts mid-visit: the call goes on, and frames between the nodes flow again once it is back', async ({ browser }) => {
  const { provider, client, close } = await admittedOnTwoNodes(browser);
  await provider.getByRole('button', { name: /^Chat/ }).click();
  await client.getByRole('button', { name: /^Chat/ }).click();
  await watchCall(provider);
  await recordTileStates(provider);

  await cluster.redis.kill();
  // Down for as long as the nodes take to notice (a real restart is not instant either): meanwhile their
  // checks of each other's liveness wait for Redis, and their marks are gone when it comes back empty.
  for (const node of cluster.nodes) {
    await expect
      .poll(() => readiness(node.port), { message: `${node.id} reports Redis unreachable`, timeout: 15_000 })
      .toEqual({ status: 503, failing: ['redis'] });
  }
  await cluster.redis.restart();
  for (const node of cluster.nodes) {
    await expect
      .poll(() => readiness(node.port), { message: `${node.id} is ready again (Redis back)`, timeout: 15_000 })
      .toEqual({ status: 200, failing: [] });
  }

  await client.getByLabel('Message', { exact: true }).fill('Still here after Redis came back');
  await client.getByLabel('Message', { exact: true }).press('Enter');
  await expect(provider.getByRole('log'), 'chat from node 1 reaches node 0').toContainText('Still here after Redis came back');
  await provider.getByLabel('Message', { exact: true }).fill('Me too');
  await provider.getByRole('button', { name: 'Send' }).click();
  await expect(client.getByRole('log'), 'chat from node 0 reaches node 1').toContainText('Me too');
  // The client's camera state crosses too, and the call itself never noticed.
  await client.getByRole('button', { name: 'Camera' }).click();
  await expect(provider.locator('figure.tile[data-peer] [data-status]')).toContainText('Camera off');
  await client.getByRole('button', { name: 'Camera' }).click();
  await expect(provider.locator('figure.tile[data-peer] [data-status]')).not.toContainText('Camera off');
  const watch = await finishWatch(provider);
  expect(watch.samePeerConnection, 'the provider kept its peer connection through the Redis restart').toBe(true);
  await expectClientTileBack(provider);
  // Nobody's signaling dropped: the client was never taken for gone (e.g. its node for dead).
  expect(await tileStates(provider), "the provider's tile never said the client was reconnecting").not.toContain('reconnecting');
  await close();
});
