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
/** Three fake cameras, so switching cameras during a call can be tested (the second is a depth camera). */
export const FAKE_MEDIA_ARGS = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream=device-count=3'];

export function chromiumLaunchOptions(opts: { fakeMedia?: boolean } = {}): LaunchOptions {
  return {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_BASE_ARGS, ...(opts.fakeMedia === false ? ['--use-fake-device-for-media-stream'] : FAKE_MEDIA_ARGS)],
  };
}

export const FIREFOX_PATH = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

/**
 * Firefox prefs for fake media on loopback. Each one is needed: without `permission.fake` ICE finds
 * no address, without `ice.loopback` Firefox ignores 127.0.0.1, and the autoplay prefs let remote
 * video with sound start without a click (as Chromium's fake-UI flag does).
 */
export const FIREFOX_FAKE_MEDIA_PREFS: Record<string, boolean | number> = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.navigator.permission.fake': true,
  'media.peerconnection.ice.loopback': true,
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
};

/** Firefox ESR from Debian, driven over WebDriver BiDi (works with @playwright/test 1.64.1; 1.65 fails on ESR 153). */
export function firefoxLaunchOptions(): LaunchOptions {
  return {
    channel: 'moz-firefox',
    executablePath: FIREFOX_PATH,
    firefoxUserPrefs: { ...FIREFOX_FAKE_MEDIA_PREFS },
  };
}

export const MINIBROWSER_PATH = process.env.MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/**
 * W3C capabilities for WebKitGTK's MiniBrowser under WebKitWebDriver, with mock camera and microphone
 * (getUserMedia answers without a prompt). `--automation` must be listed: once `args` is given the
 * driver no longer adds it, and the session hangs.
 */
export function webkitCapabilities(): Record<string, unknown> {
  return {
    browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': {
      binary: MINIBROWSER_PATH,
      args: ['--automation', '--enable-media-stream=true', '--enable-mock-capture-devices=true', '--enable-webrtc=true'],
    },
  };
}
