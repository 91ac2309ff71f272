// Check 1: can this browser make a video call at all? Feature detection decides pass or fail; the
// user agent only decides which advice to give (which browser to open instead, how to update).
import {
  type BrowserEnv,
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

// Product names, the same in every language.
const OS_NAMES: Record<Exclude<BrowserEnv['os'], 'other'>, string> = {
  windows: 'Windows',
  macos: 'macOS',
  ios: 'iOS',
  android: 'Android',
  linux: 'Linux',
  chromeos: 'ChromeOS',
};

export class BrowserCheck implements Check {
  readonly id = 'browser' as const;

  constructor(private readonly features: BrowserFeatures = detectFeatures()) {}

  async run(ctx: CheckContext): Promise<CheckResult> {
    const f = this.features;
    const w = ctx.words;
    const env = detectBrowser(f.userAgent, f.maxTouchPoints);
    ctx.env = env;
    const level = supportLevel(env);
    const details = {
      ...env,
      level,
      features: { secureContext: f.secureContext, rtcPeerConnection: f.rtcPeerConnection, getUserMedia: f.getUserMedia },
    };
    const target = recommendedBrowsers(env.os, w);
    const app = env.inApp === 'an app' ? w.t('browser.anApp') : (env.inApp ?? '');
    const browser = `${browserName(env, w)}${env.version ? ` ${env.version}` : ''}`;

    if (!f.secureContext) {
      return {
        id: this.id,
        status: 'fail',
        message: w.t('browser.insecure'),
        advice: [insecureContextAdvice(w)],
        details: { ...details, problem: 'insecure page' },
      };
    }
    if (!f.rtcPeerConnection || !f.getUserMedia) {
      const key = env.inApp
        ? f.rtcPeerConnection
          ? 'browser.inAppNoCamera'
          : 'browser.inAppNoCalls'
        : f.rtcPeerConnection
          ? 'browser.noCamera'
          : 'browser.noCalls';
      return {
        id: this.id,
        status: 'fail',
        message: w.t(key, { app, target }),
        advice: [openInsteadAdvice(env, w)],
        offerCopyLink: true,
        details: { ...details, problem: env.inApp ? 'in-app' : 'unsupported' },
      };
    }
    switch (level) {
      case 'in-app':
        return {
          id: this.id,
          status: 'warn',
          message: w.t('browser.inApp', { app, target }),
          advice: [openInsteadAdvice(env, w)],
          offerCopyLink: true,
          details: { ...details, problem: 'in-app' },
        };
      case 'outdated':
        return {
          id: this.id,
          status: 'warn',
          message: w.t('browser.outdated', { browser }),
          advice: [updateAdvice(env, w)],
          details: { ...details, problem: 'outdated' },
        };
      case 'unknown':
        return {
          id: this.id,
          status: 'warn',
          message: w.t('browser.untested', { target }),
          advice: [openInsteadAdvice(env, w)],
          offerCopyLink: true,
          details: { ...details, problem: 'untested' },
        };
      default: {
        const os = env.os === 'other' ? w.t('os.other') : OS_NAMES[env.os];
        return { id: this.id, status: 'pass', message: w.t('browser.ok', { browser, os }), details };
      }
    }
  }
}
