// What the connection test tells people on each browser and system, from real user-agent strings.
import { describe, expect, it } from 'vitest';
import { detectBrowser, openInsteadAdvice, permissionFixSteps, supportLevel } from '../../client/connection-test/browser-advice.js';
import { BrowserCheck, type BrowserFeatures } from '../../client/connection-test/browser-check.js';
import { newCheckContext, type CheckContext } from '../../client/connection-test/check.js';
import type { AdviceBlock } from '../../client/connection-test/report.js';

const UA = {
  safariMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15',
  safariIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1',
  safari10Mac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_12_6) AppleWebKit/603.3.8 (KHTML, like Gecko) Version/10.1.2 Safari/603.3.8',
  firefoxWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:126.0) Gecko/20100101 Firefox/126.0',
  firefoxMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:126.0) Gecko/20100101 Firefox/126.0',
  edgeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36 Edg/125.0.2535.67',
  chromeAndroid: 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.6422.113 Mobile Safari/537.36',
  chromeMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36',
  chromeWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36',
  chromeLinux: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36',
  chromeIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/125.0.6422.80 Mobile/15E148 Safari/604.1',
  instagramIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 334.0.4.32.98 (iPhone14,5; iOS 17_5; en_US; en; scale=3.00; 1170x2532; 612281235)',
  facebookIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/460.0.0.38.108;FBBV/593011513;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.4;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5]',
  facebookAndroid:
    'Mozilla/5.0 (Linux; Android 14; SM-S911B Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/125.0.6422.53 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/466.0.0.49.73;]',
  lineIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari Line/14.6.0',
  androidWebView:
    'Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230805.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/125.0.6422.53 Mobile Safari/537.36',
  samsungAndroid:
    'Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36',
};

/** Every step of every block, as one string, to search. */
const text = (blocks: AdviceBlock[]): string => blocks.flatMap((b) => [b.title, ...b.steps]).join('\n');

describe('detectBrowser', () => {
  it.each([
    ['safariMac', { browser: 'safari', version: 17, os: 'macos', inApp: null }],
    ['safariIphone', { browser: 'safari', version: 17, os: 'ios', inApp: null }],
    ['firefoxWindows', { browser: 'firefox', version: 126, os: 'windows', inApp: null }],
    ['edgeWindows', { browser: 'edge', version: 125, os: 'windows', inApp: null }],
    ['chromeAndroid', { browser: 'chrome', version: 125, os: 'android', inApp: null }],
    ['chromeMac', { browser: 'chrome', version: 125, os: 'macos', inApp: null }],
    ['chromeIphone', { browser: 'chrome', version: 125, os: 'ios', inApp: null }],
    ['instagramIphone', { os: 'ios', inApp: 'Instagram' }],
    ['facebookIphone', { os: 'ios', inApp: 'Facebook' }],
    ['facebookAndroid', { os: 'android', inApp: 'Facebook' }],
    ['lineIphone', { os: 'ios', inApp: 'LINE' }],
    ['androidWebView', { os: 'android', inApp: 'an app' }],
    ['samsungAndroid', { browser: 'samsung', version: 24, os: 'android', inApp: null }],
  ] as const)('reads %s', (key, expected) => {
    expect(detectBrowser(UA[key])).toMatchObject(expected);
  });

  it('tells an iPad, which says it is a Mac, from a Mac by its touch screen', () => {
    expect(detectBrowser(UA.safariMac, 5).os).toBe('ios');
    expect(detectBrowser(UA.safariMac, 0).os).toBe('macos');
  });

  it('rates support from the user agent alone', () => {
    expect(supportLevel(detectBrowser(UA.chromeWindows))).toBe('supported');
    expect(supportLevel(detectBrowser(UA.safariIphone))).toBe('supported');
    expect(supportLevel(detectBrowser(UA.safari10Mac))).toBe('outdated');
    expect(supportLevel(detectBrowser(UA.instagramIphone))).toBe('in-app');
    expect(supportLevel(detectBrowser(UA.samsungAndroid))).toBe('unknown');
  });
});

describe('permission fix steps', () => {
  const steps = (ua: string, touch = 0): string => text(permissionFixSteps(detectBrowser(ua, touch)));

  it('Safari on iOS: Settings › Safari › Camera and Microphone, no Mac or Windows settings', () => {
    const blocks = permissionFixSteps(detectBrowser(UA.safariIphone));
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.title).toBe('Allow the camera and microphone in Safari');
    const s = text(blocks);
    expect(s).toContain('Settings › Safari › Camera');
    expect(s).toContain('Settings › Safari › Microphone');
    expect(s).toContain('Settings › Apps › Safari › Camera'); // iOS 18 moved it
    expect(s).not.toMatch(/System Settings|Privacy & security/);
  });

  it('an iPad gets the iOS steps too', () => {
    expect(steps(UA.safariMac, 5)).toContain('Settings › Safari › Camera');
  });

  it('Safari on macOS: Safari › Settings › Websites, then System Settings › Privacy & Security', () => {
    const blocks = permissionFixSteps(detectBrowser(UA.safariMac));
    expect(blocks.map((b) => b.title)).toEqual(['Allow the camera and microphone in Safari', 'Check your Mac’s privacy settings']);
    expect(text([blocks[0]!])).toMatch(/Safari › Settings.*Websites tab.*Camera/s);
    expect(blocks[1]!.steps[0]).toContain('System Settings › Privacy & Security › Camera');
    expect(text([blocks[1]!])).toContain('Privacy & Security › Microphone');
  });

  it('Firefox on Windows: clear the block in the address bar, then Windows privacy settings', () => {
    const blocks = permissionFixSteps(detectBrowser(UA.firefoxWindows));
    expect(blocks.map((b) => b.title)).toEqual(['Allow the camera and microphone in Firefox', 'Check your Windows privacy settings']);
    expect(text([blocks[0]!])).toContain('Blocked temporarily');
    expect(text([blocks[0]!])).toContain('Settings › Privacy & Security');
    expect(blocks[1]!.steps[0]).toBe('Open Start › Settings › Privacy & security › Camera.');
    expect(text([blocks[1]!])).toContain('Let desktop apps access your camera');
    expect(text([blocks[1]!])).toContain('Settings › Privacy & security › Microphone');
  });

  it('Firefox on macOS names Firefox in the Mac settings', () => {
    expect(steps(UA.firefoxMac)).toContain('Turn on the switch next to Firefox');
  });

  it('Edge: the padlock, “Permissions for this site”, and Windows privacy settings', () => {
    const s = steps(UA.edgeWindows);
    expect(s).toContain('Allow the camera and microphone in Microsoft Edge');
    expect(s).toContain('Permissions for this site');
    expect(s).toContain('Settings › Privacy & security › Camera');
  });

  it('Chrome on Android: the site permissions, then Android’s app permissions for Chrome', () => {
    const blocks = permissionFixSteps(detectBrowser(UA.chromeAndroid));
    expect(blocks).toHaveLength(1);
    const s = text(blocks);
    expect(s).toContain('Permissions');
    expect(s).toContain('Settings › Apps › Chrome › Permissions');
    expect(s).not.toContain('System Settings');
  });

  it('Chrome on iOS: the Settings app’s Chrome page', () => {
    expect(steps(UA.chromeIphone)).toContain('Scroll down and tap Chrome');
  });

  it('Chrome on a desktop: the site controls and “Site settings”, plus the system’s settings where there are any', () => {
    expect(steps(UA.chromeMac)).toContain('“Site settings”');
    expect(steps(UA.chromeMac)).toContain('System Settings › Privacy & Security › Camera');
    expect(steps(UA.chromeWindows)).toContain('Settings › Privacy & security › Camera');
    expect(permissionFixSteps(detectBrowser(UA.chromeLinux))).toHaveLength(1);
  });
});

describe('what to open instead', () => {
  it('Instagram on an iPhone: open in Safari, or copy the link', () => {
    const advice = openInsteadAdvice(detectBrowser(UA.instagramIphone));
    expect(advice.title).toBe('Open this page in Safari');
    const s = text([advice]);
    expect(s).toContain('Instagram');
    expect(s).toContain('Open in Safari');
    expect(s).toContain('Copy link');
  });

  it('Facebook on Android: open in Chrome', () => {
    const advice = openInsteadAdvice(detectBrowser(UA.facebookAndroid));
    expect(advice.title).toBe('Open this page in Chrome');
    expect(text([advice])).toContain('Open in Chrome');
  });

  it('a desktop names the browsers that work there', () => {
    expect(openInsteadAdvice(detectBrowser(UA.firefoxWindows)).title).toBe('Open this page in Chrome, Microsoft Edge or Firefox');
  });
});

describe('BrowserCheck', () => {
  function ctx(): CheckContext {
    return newCheckContext({ env: detectBrowser(''), deadline: 1e9, now: () => 0, signal: new AbortController().signal });
  }
  const all: Omit<BrowserFeatures, 'userAgent'> = { maxTouchPoints: 0, secureContext: true, rtcPeerConnection: true, getUserMedia: true };

  it('passes a supported browser with everything a call needs', async () => {
    const c = ctx();
    const r = await new BrowserCheck({ ...all, userAgent: UA.edgeWindows }).run(c);
    expect(r).toMatchObject({ id: 'browser', status: 'pass', message: 'Microsoft Edge 125 on Windows can make video calls.' });
    expect(c.env.browser).toBe('edge');
  });

  it('fails an in-app browser without WebRTC, naming what to open and offering to copy the link', async () => {
    const r = await new BrowserCheck({ ...all, rtcPeerConnection: false, userAgent: UA.instagramIphone }).run(ctx());
    expect(r.status).toBe('fail');
    expect(r.message).toBe("You are in Instagram's built-in browser, which cannot make video calls. Open this page in Safari instead.");
    expect(r.offerCopyLink).toBe(true);
    expect(r.advice?.[0]?.title).toBe('Open this page in Safari');
  });

  it('feature detection decides: a supported name without getUserMedia still fails', async () => {
    const r = await new BrowserCheck({ ...all, getUserMedia: false, userAgent: UA.chromeWindows }).run(ctx());
    expect(r.status).toBe('fail');
    expect(r.message).toContain('cannot use your camera');
  });

  it('feature detection decides: an unknown browser that has everything only gets a warning', async () => {
    const r = await new BrowserCheck({ ...all, userAgent: UA.samsungAndroid }).run(ctx());
    expect(r.status).toBe('warn');
    expect(r.message).toContain('use Chrome');
  });

  it('an in-app browser that has WebRTC gets a warning with the way out', async () => {
    const r = await new BrowserCheck({ ...all, userAgent: UA.facebookIphone }).run(ctx());
    expect(r.status).toBe('warn');
    expect(r.offerCopyLink).toBe(true);
    expect(r.message).toContain('open this page in Safari');
  });

  it('an outdated Safari is asked to update', async () => {
    const r = await new BrowserCheck({ ...all, userAgent: UA.safari10Mac }).run(ctx());
    expect(r.status).toBe('warn');
    expect(r.message).toBe('Safari 10 is out of date. It may work, but please update it before your visit.');
    expect(r.advice?.[0]?.title).toBe('Update Safari');
  });

  it('an insecure page fails whatever the browser', async () => {
    const r = await new BrowserCheck({ ...all, secureContext: false, userAgent: UA.chromeWindows }).run(ctx());
    expect(r.status).toBe('fail');
    expect(r.advice?.[0]?.steps.join(' ')).toContain('https://');
  });
});
