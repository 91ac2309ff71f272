// The system browsers the tests drive (Playwright's own browser downloads cannot be fetched on these
// machines). Missing ones are installed with apt-get when running as root; otherwise the Error names
// the Debian package to install. The installing itself is lib-run.mjs's ensureDebianPackages.
//
//   node scripts/ensure-browsers.mjs [--firefox] [--webkit]     (Chromium is always checked)
import { ensureDebianPackages, onPath } from './lib-run.mjs';

export const MINIBROWSER_PATH = process.env.MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** What each engine needs: a file or a command, and the Debian package that provides it. */
export function browserRequirements({ firefox = false, webkit = false } = {}) {
  const reqs = [{ file: process.env.CHROMIUM_PATH || '/usr/bin/chromium', pkg: 'chromium' }];
  if (firefox) reqs.push({ file: process.env.FIREFOX_PATH || '/usr/bin/firefox-esr', pkg: 'firefox-esr' });
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
