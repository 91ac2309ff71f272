import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/browser/support/browsers.js';

// Browser tests run a real server (started in global setup) and real browsers from Debian's packages.
export default defineConfig({
  testDir: 'test/browser',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/browser/support/global-setup.ts',
  // Each test drives two or three browser contexts in a real call; on 2 cores one test at a time is fastest.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: { trace: 'off', screenshot: 'only-on-failure' },
  projects: [
    { name: 'chromium', use: { browserName: 'chromium', launchOptions: chromiumLaunchOptions() } },
  ],
});
