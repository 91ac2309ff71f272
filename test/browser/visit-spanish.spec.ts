// The visit page in Spanish, in real browsers over real signaling (issue 17): a client whose record
// says Spanish opens the link the dashboard gave them in an English browser, and the waiting room and
// the call speak Spanish (html[lang=es], and no English message of the visit's catalogues anywhere
// on screen or in the accessibility tree) while the provider's page stays in their browser's English.
// The language switch in the header changes the language, and the visit goes on: the admitted client
// is back in the call after the reload, with no second Admit.
import { expect, type Page, test } from '@playwright/test';
import { seriousAxeViolations } from './support/axe.js';
import { bookVisit, ownerSession } from './support/booked-visit.js';
import { englishOnPage } from './support/english-leaks.js';
import { type RunningServer, startVestibule } from './support/server-process.js';
import { expectRemoteMediaFlowing, newPeerPage } from './support/visit.js';

test.describe.configure({ mode: 'serial' });
// Two real calls each, with a reload in the second: more than the default minute on a loaded machine.
test.setTimeout(180_000);

let server: RunningServer;
let session: Awaited<ReturnType<typeof ownerSession>>;
test.beforeAll(async () => {
  server = await startVestibule({ DEMO: 'off' });
  session = await ownerSession(server);
});
test.afterEach(async ({}, info) => {
  if (info.status !== info.expectedStatus) await info.attach('server log', { path: server.logFile });
});
test.afterAll(async () => server?.stop());

async function expectSpanishOnly(page: Page, screen: string): Promise<void> {
  await expect(page.locator('html'), screen).toHaveAttribute('lang', 'es');
  expect(await englishOnPage(page), `English on the ${screen}`).toEqual([]);
}

const LAPTOP = { width: 1280, height: 800 };

test('a Spanish-speaking client waits, is admitted and talks in Spanish; the provider’s page stays English', async ({ browser }) => {
  const visit = await bookVisit(server, session, { name: 'Lucía Pérez', language: 'es' });
  expect(new URLSearchParams(visit.client.longUrl.split('#')[1]).get('lang')).toBe('es');
  // Both browsers are English: the link, not the browser, makes the client's page Spanish.
  const clientCtx = await browser.newContext({ locale: 'en-US', viewport: LAPTOP });
  const providerCtx = await browser.newContext({ locale: 'en-US', viewport: LAPTOP });
  const client = await newPeerPage(clientCtx);
  const provider = await newPeerPage(providerCtx);

  await client.goto(visit.client.longUrl);
  await expect(client.getByRole('heading', { name: 'Está en la sala de espera' })).toBeVisible();
  await expect(client.getByRole('button', { name: 'Micrófono' })).toHaveAttribute('aria-pressed', 'true');
  await client.getByRole('button', { name: 'Todo listo' }).click();
  await expect(client.getByRole('status').filter({ hasText: 'ya sabe que usted puede empezar' })).toBeVisible();
  await expectSpanishOnly(client, 'waiting room');
  expect(await seriousAxeViolations(client), 'Spanish waiting room').toEqual([]);

  await provider.goto(visit.provider.longUrl);
  await expect(provider.locator('html')).toHaveAttribute('lang', 'en');
  await provider.getByRole('button', { name: 'Admit Lucía Pérez' }).click();

  await expectRemoteMediaFlowing(client);
  await expectRemoteMediaFlowing(provider);
  await expect(client.getByRole('button', { name: 'Salir de la sesión' })).toBeVisible();
  await expectSpanishOnly(client, 'call');

  // The side panels, opened, speak Spanish too; so does a chat message's label.
  await client.getByRole('button', { name: 'Participantes' }).click();
  await expect(client.getByRole('heading', { name: 'En la llamada' })).toBeVisible();
  await expectSpanishOnly(client, 'call with the attendees panel');
  await client.getByRole('button', { name: 'Mensajes', exact: true }).click();
  await client.getByLabel('Mensaje', { exact: true }).fill('Hola');
  await client.getByRole('button', { name: 'Enviar' }).click();
  // The provider's bar counts it unread; opening Chat shows it.
  await provider.getByRole('button', { name: 'Chat, 1 unread' }).click();
  await expect(provider.getByRole('log')).toContainText('Hola');
  await expect(client.getByRole('log')).toContainText('Usted');
  await expectSpanishOnly(client, 'call with the chat panel');
  // The leave dialog, then cancelled.
  await client.getByRole('button', { name: 'Salir de la sesión' }).click();
  await expect(client.getByRole('dialog', { name: '¿Salir de la visita?' })).toBeVisible();
  await expectSpanishOnly(client, 'leave dialog');
  await client.getByRole('button', { name: 'Cancelar' }).click();

  await expect(provider.getByRole('button', { name: 'Leave session' })).toBeVisible();
  await clientCtx.close();
  await providerCtx.close();
});

test('the language switch turns the page English and the visit goes on; an admitted client stays admitted', async ({ browser }) => {
  const visit = await bookVisit(server, session, { name: 'Mateo Ruiz', language: 'es' });
  const clientCtx = await browser.newContext({ locale: 'en-US', viewport: LAPTOP });
  const providerCtx = await browser.newContext({ locale: 'en-US', viewport: LAPTOP });
  const client = await newPeerPage(clientCtx);
  const provider = await newPeerPage(providerCtx);

  // The short link: the code exchange brings the client's language.
  await client.goto(visit.client.url);
  await expect(client.getByRole('heading', { name: 'Está en la sala de espera' })).toBeVisible();
  await expect(client.locator('html')).toHaveAttribute('lang', 'es');
  await provider.goto(visit.provider.longUrl);
  await provider.getByRole('button', { name: 'Admit Mateo Ruiz' }).click();
  await expectRemoteMediaFlowing(client);

  // The switch sits at the top, clear of the controls bar, and works from the keyboard.
  const english = client.getByRole('navigation', { name: 'Idioma' }).getByRole('button', { name: 'English' });
  const switchBox = (await english.boundingBox())!;
  const barBox = (await client.getByRole('group', { name: 'Controles de la visita' }).boundingBox())!;
  expect(switchBox.y + switchBox.height).toBeLessThanOrEqual(barBox.y);
  // Firefox delivers keys only to the window in front.
  await client.bringToFront();
  await english.focus();
  await client.keyboard.press('Enter');

  await expect(client.locator('html')).toHaveAttribute('lang', 'en');
  await expect(client.getByRole('button', { name: 'Leave session' })).toBeVisible();
  // Back in the call without a second Admit: the provider sees no one waiting, and media flows again.
  await expectRemoteMediaFlowing(client);
  await expect(provider.getByRole('button', { name: 'Admit Mateo Ruiz' })).toHaveCount(0);
  await expect(client.getByRole('navigation', { name: 'Language' }).getByRole('button', { name: 'Español' })).toBeVisible();

  // And back to Spanish: the choice is remembered on this device, over the link's language.
  await client.getByRole('button', { name: 'Español' }).click();
  await expect(client.locator('html')).toHaveAttribute('lang', 'es');
  await expect(client.getByRole('button', { name: 'Salir de la sesión' })).toBeVisible();
  await expectRemoteMediaFlowing(client);
  await clientCtx.close();
  await providerCtx.close();
});
