// `npm test`'s browser check: a Firefox ESR too old for the pinned Playwright is not taken for
// installed, and the message says which version was found and which is needed. A stand-in
// `firefox` (a shell script printing a version) plays the installed browser.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { browserRequirements, FIREFOX_ESR_MIN, firefoxMajor } from '../../scripts/ensure-browsers.mjs';

const dir = mkdtempSync(join(tmpdir(), 'vestibule-firefox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const savedPath = process.env.FIREFOX_PATH;
afterEach(() => {
  if (savedPath === undefined) delete process.env.FIREFOX_PATH;
  else process.env.FIREFOX_PATH = savedPath;
});

/** An executable that answers `--version` as Firefox ESR `major` would. */
function fakeFirefox(major: number): string {
  const path = join(dir, `firefox-${major}`);
  writeFileSync(path, `#!/bin/sh\necho "Mozilla Firefox ${major}.8.0esr"\n`);
  chmodSync(path, 0o755);
  return path;
}

function firefoxNeed() {
  const need = browserRequirements({ firefox: true }).find((r) => r.pkg === 'firefox-esr');
  if (!need?.check || !need.problem) throw new Error('no version check for firefox-esr');
  return need as Required<Pick<typeof need, 'check' | 'problem' | 'pkg'>>;
}

describe('the Firefox requirement', () => {
  it('reads the major version Firefox prints', () => {
    expect(firefoxMajor(fakeFirefox(140))).toBe(140);
    expect(firefoxMajor(join(dir, 'no-such-firefox'))).toBeNull();
  });

  it('takes an ESR too old for Playwright as missing, naming both versions', () => {
    process.env.FIREFOX_PATH = fakeFirefox(140);
    const need = firefoxNeed();
    expect(need.check()).toBe(false);
    expect(need.problem()).toBe(`firefox-esr 140 is older than ${FIREFOX_ESR_MIN} ESR, the first that Playwright 1.64 can drive`);
  });

  it('takes the ESR Playwright can drive as installed', () => {
    process.env.FIREFOX_PATH = fakeFirefox(FIREFOX_ESR_MIN);
    expect(firefoxNeed().check()).toBe(true);
  });

  it('says when there is no Firefox at all', () => {
    process.env.FIREFOX_PATH = join(dir, 'no-such-firefox');
    const need = firefoxNeed();
    expect(need.check()).toBe(false);
    expect(need.problem()).toBe(`no Firefox at ${join(dir, 'no-such-firefox')}`);
  });
});
