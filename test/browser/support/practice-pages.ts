// Helpers for the practice dashboard's browser specs: the owner's set-up link, axe-core on a screen
// at phone and desktop sizes, signing in through the page, and calls to the practice API with a
// page's session (to arrange what a test is not about).
import { expect, type Locator, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { seriousAxeViolations } from './axe.js';
import type { ServerInfo } from './server-info.js';

const runFile = promisify(execFile);

const SIZES = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
];

/**
 * The owner's set-up link, got as an operator gets it, from the server's shell (`npm run admin --
 * setup-link`): the server prints it itself only at a terminal, and its output here goes to a file.
 * Each call makes a new link and withdraws the earlier ones.
 */
export async function setupLink(server: Pick<ServerInfo, 'dataDir' | 'baseUrl'>): Promise<string> {
  const env = { ...process.env, DATA_DIR: server.dataDir, PUBLIC_URL: server.baseUrl };
  const { stdout } = await runFile(process.execPath, ['dist/server/admin-staff-cli.js', 'setup-link'], { env, timeout: 30_000 });
  const link = /https?:\/\/\S+\/practice\/setup#t=\S+/.exec(stdout)?.[0];
  if (!link) throw new Error(`admin-staff-cli setup-link printed no set-up link:\n${stdout}`);
  return link;
}

/**
 * No serious or critical axe-core violation, and nothing scrolling sideways, at phone and desktop
 * sizes. axe is evaluated through the driver, since the pages' CSP (rightly) refuses an inline script.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const original = page.viewportSize();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    const bad = await seriousAxeViolations(page);
    expect(bad, `${screen} at ${size.width}x${size.height}`).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${screen} fits ${size.width}px`).toBe(
      true,
    );
  }
  if (original) await page.setViewportSize(original);
}

export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/practice/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your practice', exact: true })).toBeVisible();
}

/**
 * A practice API call from inside the page (same origin, its session cookie and CSRF token), to
 * arrange what a test is not about; fails the test on a refusal. The page must be on the server.
 */
export async function practiceApi<T = unknown>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  const answer = await page.evaluate(
    async ({ method, path, body }) => {
      const { csrfToken } = (await (await fetch('/api/practice/session')).json()) as { csrfToken: string };
      const headers: Record<string, string> = { 'x-vestibule-csrf': csrfToken };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`/api/practice${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, data: res.status === 204 ? null : await res.json() };
    },
    { method, path, body },
  );
  expect(answer.status < 300, `${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.data)}`).toBe(true);
  return answer.data as T;
}

/** Types over a number input's value as a person would: Playwright's fill appends to one in Firefox. */
export async function retype(field: Locator, value: string): Promise<void> {
  await field.click();
  await field.press('ControlOrMeta+a');
  await field.pressSequentially(value);
  await expect(field).toHaveValue(value);
}
