// Which browser and system a person is on, read from the user agent, and what to tell them.
// Feature detection decides whether a call can work (see BrowserCheck); the user agent only picks
// the advice: which menus to open, which browser to switch to.
import type { AdviceBlock } from './report.js';

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

const BROWSER_NAMES: Record<BrowserName, string> = {
  chrome: 'Chrome',
  edge: 'Microsoft Edge',
  firefox: 'Firefox',
  safari: 'Safari',
  samsung: 'Samsung Internet',
  opera: 'Opera',
  other: 'your browser',
};

export function browserName(env: Pick<BrowserEnv, 'browser'>): string {
  return BROWSER_NAMES[env.browser];
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

/** The browsers to suggest on this system, in the order to suggest them. */
export function recommendedBrowsers(os: OsName): string {
  switch (os) {
    case 'ios':
      return 'Safari';
    case 'android':
      return 'Chrome';
    case 'macos':
      return 'Chrome, Safari or Firefox';
    case 'windows':
      return 'Chrome, Microsoft Edge or Firefox';
    case 'chromeos':
      return 'Chrome';
    default:
      return 'Chrome or Firefox';
  }
}

/** What to open instead, for a browser that cannot (or may not) make the call. */
export function openInsteadAdvice(env: BrowserEnv): AdviceBlock {
  const target = recommendedBrowsers(env.os);
  if (env.inApp) {
    const app = env.inApp === 'an app' ? 'the app' : env.inApp;
    const steps =
      env.os === 'ios'
        ? [
            `You are inside ${app}'s built-in browser, which cannot always use your camera.`,
            `Tap the ••• or share button (usually at the top or bottom right) and choose “Open in Safari” or “Open in external browser”.`,
            'If there is no such option, tap “Copy link” below, open Safari, touch and hold the address bar and choose Paste and Go.',
          ]
        : [
            `You are inside ${app}'s built-in browser, which cannot always use your camera.`,
            `Tap the ⋮ menu (usually at the top right) and choose “Open in Chrome” or “Open in browser”.`,
            'If there is no such option, tap “Copy link” below, open Chrome, and paste the link into the address bar.',
          ];
    return { title: `Open this page in ${target}`, steps };
  }
  return {
    title: `Open this page in ${target}`,
    steps: [
      `Install or open ${target.includes(' or ') ? `one of: ${target}` : target}${env.os === 'ios' || env.os === 'android' ? '' : ' (a current version)'}.`,
      'Use “Copy link” below, then paste the link into the new browser’s address bar.',
    ],
  };
}

/** Advice for a browser that works but is outdated. */
export function updateAdvice(env: BrowserEnv): AdviceBlock {
  const name = browserName(env);
  switch (env.os) {
    case 'ios':
      return {
        title: 'Update your iPhone or iPad',
        steps: ['Open Settings › General › Software Update and install the update.', 'Safari is updated together with the system.'],
      };
    case 'macos':
      if (env.browser === 'safari')
        return {
          title: 'Update Safari',
          steps: [
            'Open the Apple menu › System Settings › General › Software Update (older Macs: System Preferences › Software Update).',
            'Install the update, then open this page again.',
          ],
        };
      break;
    case 'android':
      return { title: `Update ${name}`, steps: ['Open the Play Store, search for the browser, and tap Update.'] };
    default:
      break;
  }
  return {
    title: `Update ${name}`,
    steps: [
      `Open ${name}'s menu and look for Help › About, which checks for updates and installs them.`,
      'Restart the browser, then open this page again.',
    ],
  };
}

// ---- camera and microphone permission ------------------------------------------------------------

function browserPermissionSteps(env: BrowserEnv): AdviceBlock {
  const title = `Allow the camera and microphone in ${browserName(env)}`;
  const reload = 'Reload this page and run the test again.';
  if (env.os === 'ios') {
    if (env.browser === 'chrome') {
      return {
        title,
        steps: [
          'Open the Settings app on your iPhone or iPad.',
          'Scroll down and tap Chrome (on iOS 18 and later: Settings › Apps › Chrome).',
          'Turn on Camera and Microphone.',
          'Go back to Chrome and reload this page.',
        ],
      };
    }
    if (env.browser === 'firefox' || env.browser === 'edge') {
      const app = browserName(env);
      return {
        title,
        steps: [
          'Open the Settings app on your iPhone or iPad.',
          `Scroll down and tap ${app} (on iOS 18 and later: Settings › Apps › ${app}).`,
          'Turn on Camera and Microphone.',
          `Go back to ${app} and reload this page.`,
        ],
      };
    }
    return {
      title: 'Allow the camera and microphone in Safari',
      steps: [
        'Open the Settings app on your iPhone or iPad.',
        'Go to Settings › Safari › Camera and choose “Allow” (on iOS 18 and later the path is Settings › Apps › Safari › Camera).',
        'Go back one step, then Settings › Safari › Microphone, and choose “Allow”.',
        'Return to Safari, reload this page, and tap “Allow” when Safari asks.',
        'Alternatively, in Safari tap the “aA” button in the address bar, choose Website Settings, and set Camera and Microphone to Allow.',
      ],
    };
  }
  if (env.os === 'android') {
    return {
      title,
      steps: [
        'Tap the icon at the left end of the address bar (a padlock or two sliders), then tap Permissions.',
        'Turn on Camera and Microphone, or tap “Reset permissions”.',
        `If ${browserName(env)} itself is not allowed: open your phone's Settings › Apps › ${browserName(env)} › Permissions and allow Camera and Microphone.`,
        'Come back to this page, reload it, and tap “Allow” when asked.',
      ],
    };
  }
  switch (env.browser) {
    case 'edge':
      return {
        title,
        steps: [
          'Click the padlock icon at the left end of the address bar.',
          'Choose “Permissions for this site”.',
          'Set Camera and Microphone to “Allow”.',
          reload,
        ],
      };
    case 'firefox':
      return {
        title,
        steps: [
          'Click the crossed-out camera or microphone icon at the left end of the address bar.',
          'Next to Camera and Microphone, click the × beside “Blocked temporarily” or “Blocked” to clear it.',
          'Reload this page and choose “Allow” when Firefox asks.',
          'If Firefox never asks: open Settings › Privacy & Security, scroll to Permissions, click “Settings…” next to Camera (and next to Microphone), and remove this site or set it to Allow.',
        ],
      };
    case 'safari':
      return {
        title,
        steps: [
          'In the menu bar at the top of the screen, choose Safari › Settings (called Preferences on older Macs).',
          'Open the Websites tab and choose Camera in the list on the left.',
          'Find this website on the right and set it to “Allow”. Then choose Microphone and do the same.',
          'Close the settings window and reload this page.',
        ],
      };
    case 'chrome':
    case 'opera':
    case 'samsung':
      return {
        title,
        steps: [
          'Click the icon at the left end of the address bar (two sliders, or a padlock).',
          'Turn on Camera and Microphone, or set them to “Allow”.',
          'If they are not listed there, choose “Site settings” and set Camera and Microphone to “Allow”.',
          reload,
        ],
      };
    default:
      return {
        title,
        steps: [
          'Look for a camera icon or a padlock in the address bar and click it.',
          'Allow the camera and microphone for this site.',
          reload,
        ],
      };
  }
}

function osPermissionSteps(env: BrowserEnv): AdviceBlock | null {
  const name = browserName(env);
  if (env.os === 'macos') {
    return {
      title: 'Check your Mac’s privacy settings',
      steps: [
        'Open the Apple menu › System Settings › Privacy & Security › Camera (older Macs: System Preferences › Security & Privacy › Privacy › Camera).',
        `Turn on the switch next to ${name === 'your browser' ? 'your browser' : name}, if it is listed.`,
        'Go back and do the same under Privacy & Security › Microphone.',
        'If macOS asks you to, quit the browser completely and open it again.',
      ],
    };
  }
  if (env.os === 'windows') {
    return {
      title: 'Check your Windows privacy settings',
      steps: [
        'Open Start › Settings › Privacy & security › Camera.',
        'Turn on “Camera access”, “Let apps access your camera” and “Let desktop apps access your camera”.',
        'Go back and do the same under Settings › Privacy & security › Microphone.',
        'Close the browser completely and open it again.',
      ],
    };
  }
  return null;
}

/** Step-by-step fixes for a blocked camera and microphone: the browser's own setting, then the system's. */
export function permissionFixSteps(env: BrowserEnv): AdviceBlock[] {
  const os = osPermissionSteps(env);
  return os ? [browserPermissionSteps(env), os] : [browserPermissionSteps(env)];
}

/** Another app or tab holds the camera. */
export function cameraBusySteps(env: BrowserEnv): AdviceBlock {
  const steps = [
    'Close other apps that may use the camera: video-call apps (Zoom, Teams, FaceTime, Skype, WhatsApp), camera apps, and other browser tabs with a call or this page open.',
    env.os === 'windows'
      ? 'On Windows only one app can use the camera at a time, so check the taskbar and the system tray for apps still running.'
      : '',
    env.os === 'ios' || env.os === 'android' ? 'On a phone, swipe away other apps that might use the camera.' : '',
    'Reload this page and run the test again.',
    'If it still says the camera is busy, restart your computer or phone.',
  ].filter(Boolean);
  return { title: 'Free up your camera', steps };
}

/** No camera or microphone was found. */
export function deviceMissingSteps(env: BrowserEnv): AdviceBlock {
  const mobile = env.os === 'ios' || env.os === 'android';
  return {
    title: 'Connect a camera and microphone',
    steps: mobile
      ? ['Restart your phone or tablet, then open this page again.']
      : [
          'If you use a separate webcam or headset, check that it is plugged in and switched on. Try another USB port, directly on the computer rather than through a hub.',
          'If your computer has a built-in camera, check that it is not switched off with a key or a sliding cover.',
          'Reload this page and run the test again.',
        ],
  };
}

/** The page was opened over plain http on a public address: browsers refuse the camera there. */
export function insecureContextAdvice(): AdviceBlock {
  return {
    title: 'Open the secure address',
    steps: [
      'Browsers only allow the camera on secure pages, whose address starts with https://.',
      'Check the address, or ask your provider for the correct link.',
    ],
  };
}
