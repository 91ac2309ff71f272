// The provider's side of a visit at the sizes people use (issue 15): on a 360x640 phone the Admit
// button is on the stage, in view and not under the controls bar; keyboard focus stays in the waiting
// list after Admit; Share screen appears only once someone is there to see it; when the client
// leaves, the stage says who left and that they can come back; on a laptop the chat's message box
// and the attendees panel stay above the bar. axe-core on each screen at a phone and a laptop size.
import { expect, test } from '@playwright/test';
import { demoLinks, expectRemoteMediaFlowing, newPeerPage } from './support/visit.js';
import { expectAccessible, expectUsable, LAPTOP, liveTracks, recordTracks, SMALL_PHONE } from './support/layout.js';

test('provider on a phone admits from the stage, keeps focus in the list, and is told who left', async ({ browser }) => {
  // Two browsers in a call plus axe-core at two sizes on five screens, on a 2-core machine.
  test.setTimeout(420_000);
  const links = demoLinks();
  const providerCtx = await browser.newContext({ viewport: SMALL_PHONE, hasTouch: true });
  const clientCtx = await browser.newContext({ viewport: LAPTOP });
  const provider = await newPeerPage(providerCtx);
  const client = await newPeerPage(clientCtx);
  await recordTracks(client);
  await provider.goto(links.providerUrl);
  await expect(provider.getByRole('heading', { name: 'Waiting for your client to arrive' })).toBeVisible();
  // Nobody to share a screen with yet.
  await expect(provider.getByRole('button', { name: 'Share screen' })).toBeHidden();

  await client.goto(links.clientUrl);
  // The client says they are ready: the provider's list shows it (a green badge, checked by axe-core below).
  await client.getByRole('button', { name: "I'm ready" }).click();
  await expect(provider.getByRole('heading', { name: 'Jordan is in the waiting room' })).toBeVisible();
  await expect(provider.locator('.waiting-entry', { hasText: 'Jordan' }).getByText('Ready', { exact: true })).toBeVisible();
  const admit = provider.getByRole('button', { name: 'Admit Jordan' });
  await expectUsable(admit, 'Admit Jordan on a 360x640 phone');
  await expectAccessible(provider, 'provider with someone waiting');

  // Admitting with the keyboard leaves focus in the waiting list, not on <body>. The provider's window
  // is the one in front (Firefox does not act on keys sent to a page in a window without focus).
  await provider.bringToFront();
  await admit.focus();
  await provider.keyboard.press('Enter');
  await expect(admit).toHaveCount(0);
  const focusInList = () => provider.evaluate(() => !!document.activeElement?.closest('.waiting-list'));
  await expect.poll(focusInList, { message: 'focus stays in the waiting list after Admit' }).toBe(true);
  await expectRemoteMediaFlowing(provider);
  await expect.poll(focusInList, { message: 'focus stays in the waiting list once the call starts' }).toBe(true);

  // In the call on the phone: the client fills the stage; one's own view is small and on screen.
  await expectUsable(provider.locator('figure[data-peer] video'), 'the client’s video');
  await expectUsable(provider.locator('.stage > .tile.self'), 'the self view');
  const remote = (await provider.locator('figure[data-peer]').boundingBox())!;
  const self = (await provider.locator('.tile.self').boundingBox())!;
  expect(self.width * self.height, 'the self view is smaller than the person one came to see').toBeLessThan(
    (remote.width * remote.height) / 4,
  );
  expect(remote.width, 'the client fills the width of the phone').toBeGreaterThan(SMALL_PHONE.width * 0.9);
  // Share screen only where it can work: Chromium and Firefox on a desktop can, with someone in the call.
  await provider.setViewportSize(LAPTOP);
  await expect(provider.getByRole('button', { name: 'Share screen' })).toBeVisible();

  // On a laptop, Chat's message box and the Attendees panel stay above the bar.
  await provider.getByRole('button', { name: 'Chat' }).click();
  await expectUsable(provider.getByRole('textbox', { name: 'Message' }), 'the chat message box');
  await expectUsable(provider.getByRole('button', { name: 'Send' }), 'Send');
  await expectAccessible(provider, 'provider in a call with chat open');
  await provider.getByRole('button', { name: 'Attendees' }).click();
  const attendees = provider.getByRole('region', { name: 'Attendees' });
  await expectUsable(attendees.getByRole('heading', { name: 'Attendees' }), 'the attendees heading');
  await expectUsable(attendees.getByText('Connection details'), 'Connection details', { scroll: true });
  await expectAccessible(provider, 'provider in a call with attendees open');

  // The client leaves (asked to confirm); their camera and microphone are released.
  await client.bringToFront();
  await client.getByRole('button', { name: 'Leave session' }).click();
  const confirm = client.getByRole('dialog', { name: 'Leave the visit?' });
  await expect(confirm).toBeVisible();
  await expectAccessible(client, 'leave confirmation');
  await confirm.getByRole('button', { name: 'Leave the visit' }).click();
  await expect(client.getByRole('heading', { name: 'You left the visit' })).toBeVisible();
  await expect.poll(() => liveTracks(client), { message: 'camera and microphone released after leaving' }).toEqual([]);

  // The provider's stage says who left and that they can come back.
  await provider.bringToFront();
  await provider.setViewportSize(SMALL_PHONE);
  await expect(provider.getByRole('heading', { name: 'Jordan left the call' })).toBeVisible();
  await expect(provider.getByText(/can come back with the same link/)).toBeVisible();
  await expect(provider.getByText('Waiting for your client to arrive')).toHaveCount(0);
  await expect(provider.getByRole('button', { name: 'Share screen' })).toBeHidden();
  await providerCtx.close();
  await clientCtx.close();
});
