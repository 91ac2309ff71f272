// Running late, both ways, in real browsers over real signaling: the provider's one-tap notice reaches
// the client waiting (and comes down again), and a client whose provider has not opened the visit two
// minutes after its start is told, without anyone acting, that the visit is still on.
import { expect, test } from '@playwright/test';
import { demoLinks, newPeerPage } from './support/visit.js';

test('the provider’s “running late” notice reaches the waiting client, and comes down', async ({ browser }) => {
  const links = demoLinks();
  const clientCtx = await browser.newContext();
  const providerCtx = await browser.newContext();
  const client = await newPeerPage(clientCtx);
  const provider = await newPeerPage(providerCtx);
  await client.goto(links.clientUrl);
  await expect(client.getByRole('heading', { name: 'You are in the waiting room' })).toBeVisible();
  await provider.goto(links.providerUrl);
  await expect(provider.getByRole('button', { name: 'Admit Jordan' })).toBeVisible();

  await provider.getByRole('button', { name: 'Running 10 minutes late' }).click();
  const banner = client.locator('.waiting-notice');
  await expect(banner).toHaveText(
    'Dr. Rivera is running a little late and will be with you in about 10 minutes. Please stay on this page.',
  );
  await expect(banner).toHaveAttribute('role', 'status');
  await expect(provider.getByText(/Showing to those waiting/)).toBeVisible();

  await provider.getByLabel('Your own words').fill('Finishing a call, two more minutes');
  await provider.getByRole('button', { name: 'Show to those waiting' }).click();
  await expect(banner).toHaveText('Dr. Rivera: Finishing a call, two more minutes');

  await provider.getByRole('button', { name: 'Take the message down' }).click();
  await expect(banner).toBeHidden();
  await clientCtx.close();
  await providerCtx.close();
});

test('two minutes after the start, a client whose provider has not joined is told the visit is still on', async ({ browser }) => {
  // The visit started three minutes ago and its provider never opens it.
  const links = demoLinks('--starts-in', '-3');
  const clientCtx = await browser.newContext();
  const client = await newPeerPage(clientCtx);
  await client.goto(links.clientUrl);
  await expect(client.getByRole('heading', { name: 'You are in the waiting room' })).toBeVisible();
  await expect(client.locator('.waiting-notice')).toHaveText(
    'Your visit is still on, but Dr. Rivera has not joined yet. Please stay on this page: they will see that you are waiting.',
  );
  await clientCtx.close();
});
