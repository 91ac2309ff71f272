import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/browser/support/browsers.js';

// Bandwidth accuracy tests. Run only through `node scripts/test-shaped.mjs`, which starts this whole run
// (server, coturn and browser) inside a network namespace whose loopback is shaped with tc, and says
// the rate in SHAPED_RATE_KBPS.
export default defineConfig({
  testDir: 'test/browser/shaped',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/browser/shaped/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  // As in the main run: once more after a failure, and `npm test` names a test that needed it.
  retries: 1,
  // A shaped link at 500 kbit/s takes a while to load the page and run the whole test.
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: [['list']],
  // Apart from the main run's test-results, which a concurrent main run would wipe.
  outputDir: 'test-results/shaped',
  use: { trace: 'off', screenshot: 'only-on-failure' },
  projects: [{ name: 'chromium', use: { browserName: 'chromium', launchOptions: chromiumLaunchOptions() } }],
});
