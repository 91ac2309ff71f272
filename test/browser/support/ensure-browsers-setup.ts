// First global setup of the Playwright suite: the system browsers it drives are there (installed with
// apt-get when running as root), or the run stops at once with the name of the missing package.
import { ensureBrowsers } from '../../../scripts/ensure-browsers.mjs';

export default async function ensureBrowsersSetup(): Promise<void> {
  await ensureBrowsers({ firefox: true });
}
