// A test fixture for tests that need a second engine in the same call: one Firefox ESR per worker,
// launched on first use (2-7 s here) and shared by every test of the 'own-browsers' project.
import { test as base, firefox, type Browser } from '@playwright/test';
import { firefoxLaunchOptions } from './browsers.js';

export const test = base.extend<{}, { firefoxBrowser: Browser }>({
  firefoxBrowser: [
    async ({}, use) => {
      const browser = await firefox.launch(firefoxLaunchOptions());
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
