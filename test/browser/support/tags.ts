// Tags that choose where a browser test runs (playwright.config.ts).

/**
 * A test in a spec that runs in both engines, whose subject has nothing engine-specific: a command line,
 * forms, a page without WebRTC. The Firefox project leaves it out; Chromium runs it.
 */
export const ONE_ENGINE = { tag: '@one-engine' };
