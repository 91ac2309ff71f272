// A client whose browser prefers Spanish (issue 17): the connection test, with its verdict and fix
// steps, and the link-problem pages speak Spanish only: html[lang=es], and none of the English
// catalogue's sentences of that area is on the page. axe-core on the finished test at phone and
// laptop sizes.
import { expect, type Page, test } from '@playwright/test';
import { connectionTestSpanish } from '../../shared/i18n/catalogues/es/connection-test.js';
import { visitProblemSpanish } from '../../shared/i18n/catalogues/es/visit-problems.js';
import { englishOnPage } from './support/english-leaks.js';
import { expectAccessible, LAPTOP, PHONE } from './support/layout.js';
import { reportOf } from './support/report.js';
import { serverInfo } from './support/server-info.js';
import { clockTextSince } from './support/clock-text.js';
import { demoLinks } from './support/visit.js';

/** The page speaks Spanish, and shows no English message of its catalogues (support/english-leaks.ts). */
async function expectNoEnglish(page: Page, areas: string[]): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  expect(await englishOnPage(page, areas), 'English on a Spanish page').toEqual([]);
}

test('the connection test in Spanish: every check, the verdict and the sound question', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'es-ES', viewport: PHONE });
  await context.grantPermissions(['camera', 'microphone']).catch(() => undefined);
  const page = await context.newPage();
  await page.goto(`${serverInfo().baseUrl}/test`);
  await expect(page.getByRole('heading', { name: 'Prueba de conexión', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Empezar la prueba' }).click();
  await expect(page.getByRole('heading', { name: /¿Lo ha oído\?/ })).toBeVisible();
  const report = await reportOf(page);
  await expect(page.locator('.ct-result h2')).toBeVisible();
  expect(report.checks.find((c) => c.id === 'speakers')?.message).toBe(connectionTestSpanish['speakers.unconfirmed']);
  // Answering No brings the fix steps for sound: those must be Spanish too.
  await page.getByRole('button', { name: 'No', exact: true }).click();
  await expect(page.locator('[data-check="speakers"] .ct-advice')).toBeVisible();
  await page.locator('details.ct-technical').evaluate((d) => ((d as HTMLDetailsElement).open = false));
  await expectNoEnglish(page, ['connection-test', 'connection-test-advice', 'connection-test-dialog']);
  await expectAccessible(page, 'connection test in Spanish, verdict shown', [PHONE, LAPTOP]);

  // The switch takes the page back to English.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('button', { name: 'Start the test' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await context.close();
});

test('link-problem pages in Spanish: a withdrawn link, and the server’s own page for a cut link', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'es-ES' });
  const page = await context.newPage();
  const links = demoLinks('--revoke-client');
  await page.goto(links.clientUrl);
  await expect(page.locator('[data-problem]').getByRole('heading', { name: 'Este enlace ya no es válido' })).toBeVisible();
  await expect(page.getByRole('link', { name: visitProblemSpanish.testLink })).toBeVisible();
  await expectNoEnglish(page, ['visit-problems']);
  await expectAccessible(page, 'link problem in Spanish', [PHONE, LAPTOP]);

  await page.goto(`${serverInfo().baseUrl}/v/`);
  await expect(page.getByRole('heading', { name: 'A este enlace le falta una parte' })).toBeVisible();
  await expectNoEnglish(page, ['visit-problems']);
  await context.close();
});

test('too early, in Spanish: the provider, the appointment time and a countdown that runs', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'es-ES' });
  const page = await context.newPage();
  // Within the hour: the countdown shows seconds, and changes every second.
  const made = Date.now();
  const links = demoLinks('--starts-in', '20');
  await page.goto(links.clientUrl);
  const problem = page.locator('[data-problem]');
  const startsAt = await clockTextSince(page, made, 20 * 60_000, 'es-ES');
  await expect(problem).toContainText(new RegExp(`Su cita con Dr\\. Rivera es a las ${startsAt};`));
  const timer = page.getByRole('timer');
  await expect(timer).toHaveText(/^La visita se abre dentro de [45] min \d{2} s\.$/);
  const first = await timer.textContent();
  await expect(timer, 'the countdown keeps going').not.toHaveText(first ?? '', { timeout: 5000 });
  await expectNoEnglish(page, ['visit-problems']);
  await context.close();
});

test('a Spanish page whose Spanish cannot load speaks English instead of breaking', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'es-ES' });
  const page = await context.newPage();
  // The chunk with the visit page's Spanish does not arrive (a dropped connection); its code did.
  await page.route('**/assets/spanish-words-*.js', (route) => route.abort('internetdisconnected'));
  const links = demoLinks('--revoke-client');
  await page.goto(links.clientUrl);
  await expect(page.locator('[data-problem]').getByRole('heading', { name: 'This link is no longer valid' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  // The switch offers Spanish, to try again.
  await expect(page.getByRole('button', { name: 'Español' })).toBeVisible();
  await context.close();
});
