// Helpers for the practice dashboard's browser tests: the set-up link a fresh server prints, the
// practice set up over its API (faster than the screens, which practice-dashboard.spec.ts covers),
// and axe-core on a page at phone and desktop sizes. axe is evaluated through DevTools, since the
// pages' CSP (rightly) refuses an inline script tag.
import { expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SIZES = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
];

/** The set-up link the server printed at its first start. */
export async function setupLink(logFile: string): Promise<string> {
  let link = '';
  await expect
    .poll(() => {
      link = readFileSync(logFile, 'utf8').match(/https?:\/\/\S+\/practice\/setup#t=\S+/)?.[0] ?? '';
      return link;
    })
    .not.toBe('');
  return link;
}

/** No serious or critical axe-core violation, and nothing scrolls sideways, at phone and desktop sizes. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const original = page.viewportSize();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
    const violations = await page.evaluate(async () => {
      const result = await (
        window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }
      ).axe.run();
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
    });
    const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad, `${screen} at ${size.width}x${size.height}`).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${screen} fits ${size.width}px`).toBe(
      true,
    );
  }
  if (original) await page.setViewportSize(original);
}

/** Calls the practice API as a signed-in staff member would (cookie and CSRF token). */
export class PracticeApi {
  private cookie = '';
  private csrf = '1';

  constructor(private readonly baseUrl: string) {}

  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/api/practice${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        'x-vestibule-csrf': this.csrf,
        cookie: this.cookie,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** Creates the owner from the set-up link and signs them in. */
  async setUpOwner(link: string, owner: { name: string; email: string; password: string }): Promise<string> {
    await this.call('POST', '/setup', { token: link.split('#t=')[1], ...owner });
    const signedIn = await this.call<{ staff: { id: string }; csrfToken: string }>('POST', '/sign-in', {
      email: owner.email,
      password: owner.password,
    });
    this.csrf = signedIn.csrfToken;
    return signedIn.staff.id;
  }
}
