// The system browsers the tests drive (Playwright's own browser downloads cannot be fetched on these
// machines). Missing ones are installed with apt-get when running as root; otherwise the Error names
// the Debian package to install. The installing itself is lib-run.mjs's ensureDebianPackages.
//
//   node scripts/ensure-browsers.mjs [--firefox] [--webkit]     (Chromium is always checked)
import { execFileSync } from 'node:child_process';
import { ensureDebianPackages, onPath } from './lib-run.mjs';

export const MINIBROWSER_PATH = process.env.MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/**
 * Firefox ESR 140 lacks WebDriver BiDi commands that Playwright 1.64 sends when it launches Firefox
 * (network.addDataCollector): every Firefox test then fails before it starts, with a protocol error
 * that names neither the browser nor its version. 153 ESR has them. Debian ships only ESRs.
 */
export const FIREFOX_ESR_MIN = 153;

/** The major version of the Firefox at `path` (`firefox --version`), or null when it does not run. */
export function firefoxMajor(path) {
  try {
    const out = execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'ignore'] });
    const major = /Firefox (\d+)\./.exec(out)?.[1];
    return major ? Number(major) : null;
  } catch {
    return null;
  }
}

function firefoxRequirement(path) {
  return {
    pkg: 'firefox-esr',
    check: () => (firefoxMajor(path) ?? 0) >= FIREFOX_ESR_MIN,
    problem: () => {
      const major = firefoxMajor(path);
      if (major === null) return `no Firefox at ${path}`;
      return `firefox-esr ${major} is older than ${FIREFOX_ESR_MIN} ESR, the first that Playwright 1.64 can drive`;
    },
  };
}

/** What each engine needs: a file, a command or a check, and the Debian package that provides it. */
export function browserRequirements({ firefox = false, webkit = false } = {}) {
  const reqs = [{ file: process.env.CHROMIUM_PATH || '/usr/bin/chromium', pkg: 'chromium' }];
  if (firefox) reqs.push(firefoxRequirement(process.env.FIREFOX_PATH || '/usr/bin/firefox-esr'));
  if (webkit) {
    reqs.push(
      { bin: 'WebKitWebDriver', pkg: 'webkit2gtk-driver' },
      // MiniBrowser ships in libwebkit2gtk-4.1-0, which webkit2gtk-driver depends on.
      { file: MINIBROWSER_PATH, pkg: 'webkit2gtk-driver' },
      { bin: 'xvfb-run', pkg: 'xvfb' },
      // xvfb-run needs xauth, which xvfb only recommends (absent with --no-install-recommends).
      { bin: 'xauth', pkg: 'xauth' },
    );
  }
  return reqs;
}

export async function ensureBrowsers(need = {}) {
  ensureDebianPackages(browserRequirements(need));
}

export const which = (command) => (onPath(command) ? command : null);

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await ensureBrowsers({ firefox: process.argv.includes('--firefox'), webkit: process.argv.includes('--webkit') });
    console.log('All browsers found');
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
