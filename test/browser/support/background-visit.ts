// A client who makes a background choice in the waiting room, then is admitted, with the provider's
// page recording every frame it receives (see received-frames.ts) and both pages' requests listed.
import { type Browser, type Page, expect } from '@playwright/test';
import { countOffers } from './call.js';
import { recordReceivedFrames } from './received-frames.js';
import { demoLinks, newPeerPage } from './visit.js';

export interface Visit {
  provider: Page;
  client: Page;
  /** Every URL either page requested. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A client who makes a choice in the waiting room (before anyone sees them), then is admitted.
 * `clientInit` runs in the client's page before its scripts; `clientSetUp` gets the page before it opens
 * the link (e.g. to cut a request).
 */
export async function visitWith(
  browser: Browser,
  choose: (client: Page) => Promise<void>,
  clientInit?: () => void,
  clientSetUp?: (client: Page) => Promise<void>,
): Promise<Visit> {
  const links = demoLinks();
  const providerCtx = await browser.newContext();
  const clientCtx = await browser.newContext();
  await recordReceivedFrames(providerCtx);
  const provider = await newPeerPage(providerCtx);
  const client = await newPeerPage(clientCtx);
  if (clientInit) await client.addInitScript(clientInit);
  await clientSetUp?.(client);
  const requests: string[] = [];
  for (const page of [provider, client]) page.on('request', (r) => requests.push(r.url()));
  const close = async () => void (await Promise.all([providerCtx.close(), clientCtx.close()]));
  try {
    await countOffers(client);
    await provider.goto(links.providerUrl);
    await client.goto(links.clientUrl);
    await expect(client.getByRole('heading', { name: 'You are in the waiting room' })).toBeVisible();
    await choose(client);
    await provider.getByRole('button', { name: 'Admit Jordan' }).click();
  } catch (error) {
    // A skip (test.skip throws) or a failure here must not leave two pages sending video for the rest
    // of the file: the browser outlives the test, and their load starved the tests after them.
    await close();
    throw error;
  }
  return { provider, client, requests, close };
}

export async function choosePicture(client: Page, name = 'Soft dawn'): Promise<void> {
  await client.getByRole('button', { name, exact: true }).click();
  await expect(client.getByRole('status').filter({ hasText: 'Your background is replaced by a picture.' })).toBeVisible({
    timeout: 30_000,
  });
}
