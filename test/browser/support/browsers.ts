// Launch options for the system browsers (Playwright's own downloads do not work on these machines).
import type { LaunchOptions } from '@playwright/test';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Flags every test browser needs here: no background calls out, loopback ICE allowed. */
const CHROMIUM_BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--allow-loopback-in-peer-connection',
];

/** Fake camera (moving pattern) and microphone (beep), granted without a prompt. */
export const FAKE_MEDIA_ARGS = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];

export function chromiumLaunchOptions(opts: { fakeMedia?: boolean } = {}): LaunchOptions {
  return {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_BASE_ARGS, ...(opts.fakeMedia === false ? ['--use-fake-device-for-media-stream'] : FAKE_MEDIA_ARGS)],
  };
}
