// Which browser and system a person is on, read from the user agent, and what to tell them.
// Feature detection decides whether a call can work (see BrowserCheck); the user agent only picks
// the advice: which menus to open, which browser to switch to.
import type { AdviceBlock } from './report.js';
import { ENGLISH, type AdviceKey, type TestWords } from './words.js';

export type BrowserName = 'chrome' | 'edge' | 'firefox' | 'safari' | 'samsung' | 'opera' | 'other';
export type OsName = 'windows' | 'macos' | 'ios' | 'android' | 'linux' | 'chromeos' | 'other';

export interface BrowserEnv {
  browser: BrowserName;
  /** Major version, when the user agent says. */
  version: number | null;
  os: OsName;
  /** The app whose built-in browser this is (Facebook, Instagram, …), or null in a real browser. */
  inApp: string | null;
}

// Names of products, the same in every language; "your browser" is worded by the catalogue.
const BROWSER_NAMES: Record<Exclude<BrowserName, 'other'>, string> = {
  chrome: 'Chrome',
  edge: 'Microsoft Edge',
  firefox: 'Firefox',
  safari: 'Safari',
  samsung: 'Samsung Internet',
  opera: 'Opera',
};

export function browserName(env: Pick<BrowserEnv, 'browser'>, w: TestWords = ENGLISH): string {
  return env.browser === 'other' ? w.advice('browserOther') : BROWSER_NAMES[env.browser];
}

function major(ua: string, re: RegExp): number | null {
  const m = re.exec(ua);
  return m?.[1] ? Number(m[1]) : null;
}

/**
 * Reads a user agent. `maxTouchPoints` tells an iPad (which claims to be a Mac since iPadOS 13) from a Mac.
 */
export function detectBrowser(ua: string, maxTouchPoints = 0): BrowserEnv {
  let os: OsName = 'other';
  if (/iPhone|iPad|iPod/.test(ua)) os = 'ios';
  else if (/Android/.test(ua)) os = 'android';
  else if (/Windows/.test(ua)) os = 'windows';
  else if (/CrOS/.test(ua)) os = 'chromeos';
  else if (/Macintosh|Mac OS X/.test(ua)) os = maxTouchPoints > 1 ? 'ios' : 'macos';
  else if (/Linux/.test(ua)) os = 'linux';

  let inApp: string | null = null;
  if (/FBAN|FBAV|FB_IAB|FBIOS/.test(ua)) inApp = 'Facebook';
  else if (/Instagram/.test(ua)) inApp = 'Instagram';
  else if (/\bLine\//.test(ua)) inApp = 'LINE';
  else if (/musical_ly|TikTok|BytedanceWebview/i.test(ua)) inApp = 'TikTok';
  else if (/Snapchat/.test(ua)) inApp = 'Snapchat';
  else if (/; wv\)/.test(ua)) inApp = 'an app';
  // An iOS web view has WebKit but no "Safari/" token and none of the other iOS browsers' markers.
  else if (os === 'ios' && /AppleWebKit/.test(ua) && !/Safari\//.test(ua) && !/CriOS|FxiOS|EdgiOS/.test(ua)) inApp = 'an app';

  let browser: BrowserName = 'other';
  let version: number | null = null;
  if (/Edg(?:e|A|iOS)?\//.test(ua)) {
    browser = 'edge';
    version = major(ua, /Edg(?:e|A|iOS)?\/(\d+)/);
  } else if (/OPR\/|Opera/.test(ua)) {
    browser = 'opera';
    version = major(ua, /OPR\/(\d+)/);
  } else if (/SamsungBrowser\//.test(ua)) {
    browser = 'samsung';
    version = major(ua, /SamsungBrowser\/(\d+)/);
  } else if (/Firefox\/|FxiOS\//.test(ua)) {
    browser = 'firefox';
    version = major(ua, /(?:Firefox|FxiOS)\/(\d+)/);
  } else if (/CriOS\//.test(ua)) {
    browser = 'chrome';
    version = major(ua, /CriOS\/(\d+)/);
  } else if (/Chrome\/|Chromium\//.test(ua)) {
    browser = 'chrome';
    version = major(ua, /(?:Chrome|Chromium)\/(\d+)/);
  } else if (/Safari\//.test(ua) && /Version\//.test(ua) && (os === 'macos' || os === 'ios')) {
    browser = 'safari';
    version = major(ua, /Version\/(\d+)/);
  } else if (os === 'ios' && /AppleWebKit/.test(ua)) {
    // Apps' built-in browsers on iOS are Safari's engine without the Safari name.
    browser = 'safari';
    version = major(ua, /OS (\d+)_/);
  }
  return { browser, version, os, inApp };
}

/** Browsers Vestibule is tested with, and their oldest versions. */
const MIN_VERSION: Partial<Record<BrowserName, number>> = { chrome: 100, edge: 100, firefox: 100, safari: 11 };

export type SupportLevel = 'supported' | 'outdated' | 'in-app' | 'unknown';

/** Whether the user agent is one we support. Only used to choose advice; features decide pass or fail. */
export function supportLevel(env: BrowserEnv): SupportLevel {
  if (env.inApp) return 'in-app';
  const min = MIN_VERSION[env.browser];
  if (min === undefined) return 'unknown';
  if (env.browser === 'safari' && env.os !== 'macos' && env.os !== 'ios') return 'unknown';
  if (env.version !== null && env.version < min) return 'outdated';
  return 'supported';
}

/** An advice block from catalogue keys: a title and its steps, in order. */
export function adviceBlock(w: TestWords, title: string, steps: AdviceKey[], params?: Record<string, string>): AdviceBlock {
  return { title, steps: steps.map((k) => w.advice(k, params)) };
}

/** The browsers to suggest on this system, in the order to suggest them. */
export function recommendedBrowsers(os: OsName, w: TestWords = ENGLISH): string {
  switch (os) {
    case 'ios':
      return 'Safari';
    case 'android':
    case 'chromeos':
      return 'Chrome';
    case 'macos':
      return w.advice('recommended.macos');
    case 'windows':
      return w.advice('recommended.windows');
    default:
      return w.advice('recommended.other');
  }
}

const isPhone = (os: OsName): boolean => os === 'ios' || os === 'android';

/** What to open instead, for a browser that cannot (or may not) make the call. */
export function openInsteadAdvice(env: BrowserEnv, w: TestWords = ENGLISH): AdviceBlock {
  const target = recommendedBrowsers(env.os, w);
  const title = w.advice('openInstead.title', { target });
  if (env.inApp) {
    const app = env.inApp === 'an app' ? w.advice('appGeneric') : env.inApp;
    const steps: AdviceKey[] =
      env.os === 'ios' ? ['inApp.intro', 'inApp.ios.menu', 'inApp.ios.copy'] : ['inApp.intro', 'inApp.android.menu', 'inApp.android.copy'];
    return adviceBlock(w, title, steps, { app });
  }
  // Only desktops get a list of browsers to choose from; phones and Chromebooks get one.
  const install: AdviceKey =
    env.os === 'ios' || env.os === 'android'
      ? 'openInstead.install'
      : env.os === 'chromeos'
        ? 'openInstead.installCurrent'
        : 'openInstead.installOneOf';
  return adviceBlock(w, title, [install, 'openInstead.paste'], { target });
}

/** Advice for a browser that works but is outdated. */
export function updateAdvice(env: BrowserEnv, w: TestWords = ENGLISH): AdviceBlock {
  const browser = browserName(env, w);
  if (env.os === 'ios') return adviceBlock(w, w.advice('update.ios.title'), ['update.ios.settings', 'update.ios.safari']);
  if (env.os === 'macos' && env.browser === 'safari')
    return adviceBlock(w, w.advice('update.safari.title'), ['update.safari.settings', 'update.safari.install']);
  const title = w.advice('update.title', { browser });
  if (env.os === 'android') return adviceBlock(w, title, ['update.android.store']);
  return adviceBlock(w, title, ['update.other.menu', 'update.other.restart'], { browser });
}

// ---- camera and microphone permission ------------------------------------------------------------

/** The steps inside the browser, by system and then by browser. */
function browserPermissionKeys(env: BrowserEnv): AdviceKey[] {
  if (env.os === 'ios') {
    if (env.browser === 'chrome' || env.browser === 'firefox' || env.browser === 'edge')
      return ['perm.iosApp.settings', 'perm.iosApp.find', 'perm.iosApp.turnOn', 'perm.iosApp.back'];
    return [
      'perm.iosApp.settings',
      'perm.iosSafari.camera',
      'perm.iosSafari.microphone',
      'perm.iosSafari.back',
      'perm.iosSafari.alternative',
    ];
  }
  if (env.os === 'android') return ['perm.android.icon', 'perm.android.turnOn', 'perm.android.system', 'perm.android.back'];
  switch (env.browser) {
    case 'edge':
      return ['perm.edge.padlock', 'perm.edge.permissions', 'perm.edge.allow', 'reloadRunAgain'];
    case 'firefox':
      return ['perm.firefox.icon', 'perm.firefox.clear', 'perm.firefox.reload', 'perm.firefox.settings'];
    case 'safari':
      return ['perm.safari.menu', 'perm.safari.websites', 'perm.safari.allow', 'perm.safari.close'];
    case 'chrome':
    case 'opera':
    case 'samsung':
      return ['perm.chrome.icon', 'perm.chrome.turnOn', 'perm.chrome.siteSettings', 'reloadRunAgain'];
    default:
      return ['perm.other.icon', 'perm.other.allow', 'reloadRunAgain'];
  }
}

function browserPermissionSteps(env: BrowserEnv, w: TestWords): AdviceBlock {
  // On an iPhone or iPad, anything but Chrome, Firefox and Edge is Safari underneath.
  const iosSafari = env.os === 'ios' && !['chrome', 'firefox', 'edge'].includes(env.browser);
  const browser = iosSafari ? 'Safari' : browserName(env, w);
  return adviceBlock(w, w.advice('perm.title', { browser }), browserPermissionKeys(env), { browser });
}

function osPermissionSteps(env: BrowserEnv, w: TestWords): AdviceBlock | null {
  if (env.os === 'macos')
    return adviceBlock(w, w.advice('mac.title'), ['mac.camera', 'mac.switch', 'mac.microphone', 'mac.restart'], {
      browser: browserName(env, w),
    });
  if (env.os === 'windows')
    return adviceBlock(w, w.advice('windows.title'), ['windows.camera', 'windows.switches', 'windows.microphone', 'windows.restart']);
  return null;
}

/** Step-by-step fixes for a blocked camera and microphone: the browser's own setting, then the system's. */
export function permissionFixSteps(env: BrowserEnv, w: TestWords = ENGLISH): AdviceBlock[] {
  const os = osPermissionSteps(env, w);
  return os ? [browserPermissionSteps(env, w), os] : [browserPermissionSteps(env, w)];
}

/** Another app or tab holds the camera. */
export function cameraBusySteps(env: BrowserEnv, w: TestWords = ENGLISH): AdviceBlock {
  const steps: AdviceKey[] = [
    'busy.closeApps',
    ...(env.os === 'windows' ? (['busy.windows'] as const) : []),
    ...(isPhone(env.os) ? (['busy.phone'] as const) : []),
    'reloadRunAgain',
    'busy.restart',
  ];
  return adviceBlock(w, w.advice('busy.title'), steps);
}

/** No camera or microphone was found. */
export function deviceMissingSteps(env: BrowserEnv, w: TestWords = ENGLISH): AdviceBlock {
  const steps: AdviceKey[] = isPhone(env.os) ? ['missing.phone'] : ['missing.plugged', 'missing.builtIn', 'reloadRunAgain'];
  return adviceBlock(w, w.advice('missing.title'), steps);
}

/** The page was opened over plain http on a public address: browsers refuse the camera there. */
export function insecureContextAdvice(w: TestWords = ENGLISH): AdviceBlock {
  return adviceBlock(w, w.advice('insecure.title'), ['insecure.https', 'insecure.ask']);
}
