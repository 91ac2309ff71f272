// Helpers for in-visit tests: an admitted two-party call, and media assertions that wait for a
// condition (bytes stop or start flowing) instead of sleeping.
import { expect, type Browser, type Page } from '@playwright/test';
import { demoLinks, expectRemoteMediaFlowing, inboundBytes, newPeerPage, type DemoLinks } from './visit.js';

export interface Call {
  links: DemoLinks;
  provider: Page;
  client: Page;
  close(): Promise<void>;
}

/** A provider and a client in an admitted call, by default with media checked flowing both ways. */
export async function admittedCall(browser: Browser, links: DemoLinks = demoLinks(), opts: { expectMedia?: boolean } = {}): Promise<Call> {
  const providerCtx = await browser.newContext();
  const clientCtx = await browser.newContext();
  const provider = await newPeerPage(providerCtx);
  const client = await newPeerPage(clientCtx);
  await countOffers(provider);
  await countOffers(client);
  await provider.goto(links.providerUrl);
  await client.goto(links.clientUrl);
  await provider.getByRole('button', { name: 'Admit Jordan' }).click();
  if (opts.expectMedia !== false) {
    await expectRemoteMediaFlowing(client);
    await expectRemoteMediaFlowing(provider);
  }
  return { links, provider, client, close: async () => void (await Promise.all([providerCtx.close(), clientCtx.close()])) };
}

/**
 * Waits until inbound RTP of one kind stops growing on `page` (two polls in a row saw no new bytes),
 * or starts growing again. Each poll compares with the previous one, so this waits on the media itself.
 */
export async function expectInbound(page: Page, kind: 'audio' | 'video', flowing: boolean): Promise<void> {
  let last = await inboundBytes(page, kind);
  let still = 0;
  await expect
    .poll(
      async () => {
        const now = await inboundBytes(page, kind);
        still = now === last ? still + 1 : 0;
        last = now;
        return flowing ? still === 0 : still >= 2;
      },
      { intervals: [500], timeout: 20_000, message: `inbound ${kind} should ${flowing ? 'flow' : 'stop'}` },
    )
    .toBe(true);
}

/** Offers created so far by the page's peer connections (to prove a change needed no renegotiation). */
export function offersMade(page: Page): Promise<number> {
  return page.evaluate(() =>
    (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.reduce(
      (n, pc) => n + ((pc as unknown as { __offers?: number }).__offers ?? 0),
      0,
    ),
  );
}

/** Counts createOffer/setLocalDescription(offer) per peer connection; call before navigating. */
export async function countOffers(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const proto = RTCPeerConnection.prototype;
    const original = proto.setLocalDescription;
    proto.setLocalDescription = async function (this: RTCPeerConnection & { __offers?: number }, ...args: unknown[]) {
      await (original as (...a: unknown[]) => Promise<void>).apply(this, args);
      if (this.localDescription?.type === 'offer') this.__offers = (this.__offers ?? 0) + 1;
    } as typeof proto.setLocalDescription;
  });
}
