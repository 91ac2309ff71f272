// Check 1: can this browser make a video call at all? Feature detection decides pass or fail; the
// user agent only decides which advice to give (which browser to open instead, how to update).
import {
  browserName,
  detectBrowser,
  insecureContextAdvice,
  openInsteadAdvice,
  recommendedBrowsers,
  supportLevel,
  updateAdvice,
} from './browser-advice.js';
import type { Check, CheckContext } from './check.js';
import type { CheckResult } from './report.js';

export interface BrowserFeatures {
  userAgent: string;
  maxTouchPoints: number;
  secureContext: boolean;
  rtcPeerConnection: boolean;
  getUserMedia: boolean;
}

export function detectFeatures(g: typeof globalThis = globalThis): BrowserFeatures {
  const nav = g.navigator as Navigator | undefined;
  return {
    userAgent: nav?.userAgent ?? '',
    maxTouchPoints: nav?.maxTouchPoints ?? 0,
    secureContext: g.isSecureContext === true,
    rtcPeerConnection: typeof g.RTCPeerConnection === 'function',
    getUserMedia: typeof nav?.mediaDevices?.getUserMedia === 'function',
  };
}

const OS_NAMES = {
  windows: 'Windows',
  macos: 'macOS',
  ios: 'iOS',
  android: 'Android',
  linux: 'Linux',
  chromeos: 'ChromeOS',
  other: 'this system',
} as const;

export class BrowserCheck implements Check {
  readonly id = 'browser' as const;
  readonly label = 'Your browser';

  constructor(private readonly features: BrowserFeatures = detectFeatures()) {}

  async run(ctx: CheckContext): Promise<CheckResult> {
    const f = this.features;
    const env = detectBrowser(f.userAgent, f.maxTouchPoints);
    ctx.env = env;
    const level = supportLevel(env);
    const name = browserName(env);
    const details = {
      ...env,
      level,
      features: { secureContext: f.secureContext, rtcPeerConnection: f.rtcPeerConnection, getUserMedia: f.getUserMedia },
    };
    const instead = recommendedBrowsers(env.os);

    if (!f.secureContext) {
      return {
        id: this.id,
        status: 'fail',
        message: 'This page was not opened over a secure connection, so the browser will not let it use your camera.',
        advice: [insecureContextAdvice()],
        details: { ...details, problem: 'insecure page' },
      };
    }
    if (!f.rtcPeerConnection || !f.getUserMedia) {
      const cannot = !f.rtcPeerConnection ? 'make video calls' : 'use your camera';
      const message = env.inApp
        ? `You are in ${env.inApp === 'an app' ? 'an app' : env.inApp}'s built-in browser, which cannot ${cannot}. Open this page in ${instead} instead.`
        : `This browser cannot ${cannot}. Open this page in ${instead} instead.`;
      return {
        id: this.id,
        status: 'fail',
        message,
        advice: [openInsteadAdvice(env)],
        offerCopyLink: true,
        details: { ...details, problem: env.inApp ? 'in-app' : 'unsupported' },
      };
    }
    switch (level) {
      case 'in-app':
        return {
          id: this.id,
          status: 'warn',
          message: `You are in ${env.inApp}'s built-in browser. It may lose the camera or the call when you switch apps. For the visit, open this page in ${instead}.`,
          advice: [openInsteadAdvice(env)],
          offerCopyLink: true,
          details: { ...details, problem: 'in-app' },
        };
      case 'outdated':
        return {
          id: this.id,
          status: 'warn',
          message: `${name}${env.version ? ` ${env.version}` : ''} is out of date. It may work, but please update it before your visit.`,
          advice: [updateAdvice(env)],
          details: { ...details, problem: 'outdated' },
        };
      case 'unknown':
        return {
          id: this.id,
          status: 'warn',
          message: `This browser can make video calls, but it is not one we test with. If anything goes wrong, use ${instead}.`,
          advice: [openInsteadAdvice(env)],
          offerCopyLink: true,
          details: { ...details, problem: 'untested' },
        };
      default:
        return {
          id: this.id,
          status: 'pass',
          message: `${name}${env.version ? ` ${env.version}` : ''} on ${OS_NAMES[env.os]} can make video calls.`,
          details,
        };
    }
  }
}
