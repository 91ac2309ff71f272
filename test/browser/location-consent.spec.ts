// Where the client is, and their consent, before the visit, on a server of its own, once, in Chromium
// (a plain form; the call after it is visit.spec's, which runs in both engines). The practice asks and
// has a consent text; the therapist is licensed in California only. The client states New York (with an
// address for emergencies) and agrees; before admitting, the provider sees the place next to the name
// with an out-of-state warning; Admit, and the call runs both ways.
// The form passes axe-core at phone and laptop sizes; the address never reaches the server's output.
// When the form's code cannot load, the client is told so and how to get it, not left with a dead button.
import { expect, test } from '@playwright/test';
import { PracticeApi } from './support/practice.js';
import { expectAccessible, setupLink } from './support/practice-pages.js';
import { type RunningServer, startVestibule } from './support/server-process.js';
import { expectRemoteMediaFlowing, newPeerPage, serverLog } from './support/visit.js';

const OWNER = { name: 'Dana Owner', email: 'dana@example.test', password: 'correct horse battery staple' };
const CONSENT = 'Video therapy has limits: a call can drop, and in an emergency we will call the number you gave us.';
const ADDRESS = '12 Hudson Street, Apt 3';

let server: RunningServer;
test.beforeAll(async () => {
  server = await startVestibule({ DEMO: 'off' });
});
test.afterAll(async () => {
  await server?.stop();
});

/** The practice asks where clients are; the owner hosts, licensed in California; a visit starting now. */
let practice: { api: PracticeApi; ownerId: string } | undefined;

/** The practice on this spec's server, set up by the first test that needs it. */
async function setUpPractice(): Promise<{ api: PracticeApi; ownerId: string }> {
  if (practice) return practice;
  const api = new PracticeApi(server.baseUrl);
  const ownerId = await api.setUpOwner(await setupLink(server), OWNER);
  await api.call('PUT', `/staff/${ownerId}/teletherapy`, { on: true });
  await api.call('PUT', `/staff/${ownerId}/licences`, { regions: ['US-CA'] });
  await api.call('PUT', '/settings/visit-checks', { askLocation: true, consentText: CONSENT, consentEveryVisit: false });
  practice = { api, ownerId };
  return practice;
}

async function bookVisit(): Promise<{ clientUrl: string; providerUrl: string }> {
  const { api, ownerId } = await setUpPractice();
  const { client } = await api.call<{ client: { id: string } }>('POST', '/clients', {
    name: 'Casey Client',
    timeZone: 'UTC',
    language: 'en',
    therapistId: ownerId,
  });
  const { appointments } = await api.call<{ appointments: { id: string; participants: { id: string; role: string }[] }[] }>(
    'POST',
    '/appointments',
    { therapistId: ownerId, clientIds: [client.id], start: Date.now(), minutes: 50 },
  );
  const appt = appointments[0]!;
  const link = async (role: string) => {
    const participant = appt.participants.find((p) => p.role === role)!;
    return (await api.call<{ url: string }>('POST', `/appointments/${appt.id}/participants/${participant.id}/link`)).url;
  };
  return { clientUrl: await link('client'), providerUrl: await link('provider') };
}

test('the client states where they are and agrees; the provider sees it, warned it is out of state, before Admit', async ({ browser }) => {
  const { clientUrl, providerUrl } = await bookVisit();
  const providerCtx = await browser.newContext();
  const clientCtx = await browser.newContext({ locale: 'en-US' });
  const provider = await newPeerPage(providerCtx);
  const client = await newPeerPage(clientCtx);
  await provider.goto(providerUrl);
  await client.goto(clientUrl);

  const form = client.getByRole('region', { name: 'Before your visit' });
  await expect(form).toBeVisible();
  await expect(client.getByRole('button', { name: "I'm ready" })).toBeDisabled();
  const entry = provider.locator('.waiting-entry', { hasText: 'Casey Client' });
  await expect(entry.getByText('Location not given yet')).toBeVisible();
  await expectAccessible(client, 'the questions before the visit');

  // Admitting before the client has answered asks first; Cancel leaves them waiting.
  await entry.getByRole('button', { name: 'Admit Casey Client' }).click();
  const question = provider.getByRole('dialog', { name: 'Casey Client has not said where they are' });
  await expect(question).toBeVisible();
  await expect(provider.getByRole('dialog')).toHaveCount(1);
  await expect(question.getByRole('button', { name: 'Admit Casey Client anyway' })).toBeVisible();
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(provider.getByRole('dialog')).toHaveCount(0);
  await expect(entry.getByText('Location not given yet')).toBeVisible();

  // Sending without agreeing says what is missing.
  await form.getByLabel('Country', { exact: true }).selectOption({ label: 'United States' });
  await form.getByLabel('State', { exact: true }).selectOption({ label: 'New York' });
  await form.getByLabel('The address where you are now (optional)').fill(ADDRESS);
  await form.getByRole('button', { name: 'Continue' }).click();
  await expect(form.getByRole('alert')).toHaveText('Please read the consent and tick the box to agree.');
  await expect(form.getByRole('region', { name: 'Consent to care by video' })).toHaveText(CONSENT);
  await form.getByLabel('I have read this and I agree').check();
  await form.getByRole('button', { name: 'Continue' }).click();
  await expect(form.getByRole('status')).toHaveText('Thank you. Dana Owner can see that you are in New York.');

  // Before admitting: the place next to the name, the warning, the address folded away.
  await expect(entry.getByText('In New York, US', { exact: true })).toBeVisible();
  await expect(entry.getByText('Outside your licensed states: Casey Client says they are in New York, US')).toBeVisible();
  await expect(entry.getByText('Consent agreed (version 1)')).toBeVisible();
  await entry.getByText('Emergency address for Casey Client').click();
  await expect(entry.getByText(ADDRESS)).toBeVisible();

  await client.getByRole('button', { name: "I'm ready" }).click();
  await expect(entry.getByText('Ready', { exact: true })).toBeVisible();
  await provider.getByRole('button', { name: 'Admit Casey Client' }).click();
  await expectRemoteMediaFlowing(client);
  await expectRemoteMediaFlowing(provider);
  const log = serverLog(server);
  expect(log).not.toContain('Hudson');
  expect(log).not.toContain('US-NY');
  await clientCtx.close();
  await providerCtx.close();
});

test('when the questions’ code cannot load, the client is told so and a reload brings the questions', async ({ browser }) => {
  const { clientUrl } = await bookVisit();
  const clientCtx = await browser.newContext({ locale: 'en-US' });
  const client = await newPeerPage(clientCtx);
  // The form's chunk is cut once, as a dropped connection would; after the reload it arrives.
  const chunk = /\/assets\/location-consent-[\w-]+\.js$/;
  let cut = 0;
  await client.route(
    chunk,
    async (route) => {
      cut += 1;
      await route.abort('internetdisconnected');
    },
    { times: 1 },
  );
  await client.goto(clientUrl);

  const failed = client.getByRole('alert').filter({ hasText: 'The questions before your visit did not load' });
  await expect(failed).toContainText('check your internet connection, then reload the page');
  expect(cut).toBe(1);
  await expect(client.getByRole('button', { name: "I'm ready" })).toBeDisabled();
  await expectAccessible(client, 'the questions that did not load');

  await failed.getByRole('button', { name: 'Reload the page' }).click();
  const form = client.getByRole('region', { name: 'Before your visit' });
  await expect(form).toBeVisible();
  await expect(form.getByLabel('Country', { exact: true })).toBeVisible();
  await expect(client.getByRole('button', { name: "I'm ready" })).toBeDisabled();
  await clientCtx.close();
});
