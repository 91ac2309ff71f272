import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions, firefoxLaunchOptions } from './test/browser/support/browsers.js';

/**
 * Spec files that launch browsers themselves, test engine-independent UI, or need fake sources only
 * Chromium has (a screen, several cameras): they run once, in 'own-browsers', whose browser is Chromium.
 */
const OWN_BROWSERS = [
  '**/cross-browser.spec.ts',
  '**/codecs.spec.ts',
  '**/autoplay.spec.ts',
  '**/components.spec.ts',
  '**/permissions-blocked.spec.ts',
  '**/in-visit-chromium.spec.ts',
  // Chromium with a generated camera file (a person-like figure) for the background effects.
  '**/background-person.spec.ts',
  // Reads the clipboard after Copy: Firefox cannot be granted clipboard access.
  '**/practice-integrations.spec.ts',
  // The dashboard's other screens and its short links are plain pages whose engine-specific parts
  // (a call, admission, the dashboard's home) already run in both engines in practice-dashboard.spec;
  // the Spanish visit is the same call as visit.spec with other words. Once keeps the suite near 30 min.
  '**/practice-screens.spec.ts',
  '**/practice-links.spec.ts',
  '**/visit-spanish.spec.ts',
  // Words, not media: the connection test's wording and the Spanish pages. What differs between
  // engines there, the test's own checks and verdict, connection-test.spec runs in both.
  '**/connection-test-wording.spec.ts',
  '**/spanish-pages.spec.ts',
  // Pages with no media of their own to test (link problems, error pages, notices and emails in the
  // waiting room, the location form): what differs between engines there is the call, which visit.spec,
  // in-visit.spec and group-and-phone.spec run in both.
  '**/link-problems.spec.ts',
  '**/error-pages.spec.ts',
  '**/running-late.spec.ts',
  '**/waiting-notice.spec.ts',
  '**/mail-link.spec.ts',
  '**/location-consent.spec.ts',
  // Starts its own PostgreSQL, Redis, nginx and two server processes; what it tests is the servers'.
  '**/several-nodes.spec.ts',
];
/** Shaped-network specs run only inside a network namespace, from scripts/test-shaped.mjs. */
const SHAPED = '**/shaped/**';

// Browser tests run a real server (started in global setup) and real browsers from Debian's packages.
export default defineConfig({
  testDir: 'test/browser',
  testMatch: '**/*.spec.ts',
  testIgnore: SHAPED,
  globalSetup: ['./test/browser/support/ensure-browsers-setup.ts', './test/browser/support/global-setup.ts'],
  // Each test drives two or three browser contexts in a real call; on 2 cores one test at a time is fastest.
  workers: 1,
  fullyParallel: false,
  // Real calls on 2 busy cores: a test that fails once is run again, and `npm test` names every test
  // that needed it, so a flaky one is seen and fixed rather than hidden.
  retries: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: { trace: 'off', screenshot: 'only-on-failure' },
  projects: [
    // Every visit test runs in each engine.
    { name: 'chromium', testIgnore: [...OWN_BROWSERS, SHAPED], use: { browserName: 'chromium', launchOptions: chromiumLaunchOptions() } },
    // Debian's Firefox ESR over WebDriver BiDi ('moz-firefox' channel); Playwright's own Firefox build cannot be downloaded here.
    {
      name: 'firefox',
      testIgnore: [...OWN_BROWSERS, SHAPED],
      // Headless Firefox here has no WebGL2, which the background effect needs (background.spec.ts);
      // @one-engine tests have nothing engine-specific to check (support/tags.ts).
      grepInvert: /@needs-webgl2|@one-engine/,
      use: { browserName: 'firefox', channel: 'moz-firefox', launchOptions: firefoxLaunchOptions() },
    },
    // Tests that launch the other browsers they need themselves (a Chromium <-> Firefox call, Chromium
    // with a stricter autoplay policy) run once; their `browser` fixture is Chromium.
    { name: 'own-browsers', testMatch: OWN_BROWSERS, use: { browserName: 'chromium', launchOptions: chromiumLaunchOptions() } },
  ],
});
