// WebKit (Safari's engine) as far as it can be tested on these machines: WebKitGTK's MiniBrowser
// driven over W3C WebDriver. Debian's WebKitGTK has no RTCPeerConnection, so a real call cannot run
// here; these tests prove the pages load, that the visit tells such a browser plainly that it cannot
// make calls (instead of failing silently), and that camera and microphone work: getUserMedia gets live
// tracks from WebKit's mock capture devices, and the connection test's device checks pass.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { webkitCapabilities } from '../browser/support/browsers.js';
import { demoLinks } from '../browser/support/demo-links.js';
import { publishServerInfo } from '../browser/support/server-info.js';
import { WebDriverSession } from '../browser/support/webdriver.js';

const server = inject('vestibuleServer');
publishServerInfo(server);

let wd: WebDriverSession;

beforeAll(async () => {
  wd = await WebDriverSession.create(inject('webdriverUrl'), webkitCapabilities());
});

afterAll(async () => {
  await wd?.delete();
});

describe('WebKit (WebKitGTK MiniBrowser)', () => {
  it('is the engine we think it is', () => {
    expect(wd.capabilities.browserName).toBe('MiniBrowser');
    expect(String(wd.capabilities.browserVersion)).toMatch(/^\d+\.\d+/);
  });

  it('loads the home page', async () => {
    await wd.navigate(`${server.baseUrl}/`);
    expect(await wd.title()).toBe('Vestibule');
    const heading = await wd.waitForElement('main.home h1');
    expect(await wd.elementText(heading)).toBe('Vestibule video visits');
    const link = await wd.findElement('a[href="/test"]');
    expect(await wd.elementText(link)).toBe('Test your camera, microphone and connection');
    expect(await wd.elementDisplayed(link)).toBe(true);
    // The stylesheet loaded and parsed (same origin, so its rules are readable).
    const rules = await wd.execute<number>('return [...document.styleSheets].reduce((n, s) => n + s.cssRules.length, 0)');
    expect(rules).toBeGreaterThan(0);
  });

  it('shows on a visit link that this browser cannot make video calls', async () => {
    const links = demoLinks();
    await wd.navigate(links.clientUrl);
    const hasWebRTC = await wd.execute<boolean>("return typeof RTCPeerConnection !== 'undefined'");
    // The visit decides by feature detection. Debian's WebKitGTK lacks WebRTC; if a build with it ever
    // runs this, the page must show the waiting room instead (and a real call test becomes possible).
    if (hasWebRTC) {
      const waiting = await wd.waitFor(async () => (await wd.findElements('#prejoin-heading'))[0], 'the waiting room heading');
      expect(await wd.elementText(waiting)).toBe('You are in the waiting room');
      return;
    }
    const problem = await wd.waitForElement('[data-problem][role=alert]');
    const heading = await wd.findElement('[data-problem] h1');
    expect(await wd.elementText(heading)).toBe("This browser can't make video calls");
    expect(await wd.elementDisplayed(heading)).toBe(true);
    const text = await wd.elementText(problem);
    expect(text).toContain('Chrome, Edge, Firefox or Safari');
    expect(text).toContain('WebRTC');
    // It still points to the device check, which works without WebRTC.
    const testLink = await wd.findElement('[data-problem] a[href="/test"]');
    expect(await wd.elementText(testLink)).toBe('Test your camera, microphone and connection');
    // Nothing else was started: no camera prompt, no connection screen behind the message.
    expect(await wd.findElements('video')).toHaveLength(0);
    expect(await wd.findElements('.connection-status')).toHaveLength(0);
  });

  it('gets live camera and microphone tracks on the test page', async () => {
    await wd.navigate(`${server.baseUrl}/test`);
    expect(await wd.title()).toContain('Connection test');
    expect(await wd.execute<boolean>('return window.isSecureContext')).toBe(true);
    const result = await wd.executeAsync<{
      ok: boolean;
      error?: string;
      tracks?: { kind: string; readyState: string; enabled: boolean; label: string }[];
      width?: number;
      height?: number;
      devices?: string[];
    }>(`
      const done = arguments[arguments.length - 1];
      (async () => {
        const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
        const video = document.createElement('video');
        video.muted = true;
        video.playsInline = true;
        video.srcObject = stream;
        document.body.append(video);
        await video.play();
        // Wait for the first decoded frame (an event, not a delay).
        if (!video.videoWidth) await new Promise((r) => video.addEventListener('resize', r, { once: true }));
        const devices = (await navigator.mediaDevices.enumerateDevices()).map((d) => d.kind);
        const tracks = stream.getTracks().map((t) => ({ kind: t.kind, readyState: t.readyState, enabled: t.enabled, label: t.label }));
        const size = { width: video.videoWidth, height: video.videoHeight };
        stream.getTracks().forEach((t) => t.stop());
        video.remove();
        return { ok: true, tracks, devices, ...size };
      })().then(done, (e) => done({ ok: false, error: e.name + ': ' + e.message }));
    `);
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    const kinds = result.tracks!.map((t) => t.kind).sort();
    expect(kinds).toEqual(['audio', 'video']);
    for (const t of result.tracks!) {
      expect(t.readyState).toBe('live');
      expect(t.enabled).toBe(true);
    }
    expect(result.width).toBeGreaterThan(0);
    expect(result.height).toBeGreaterThan(0);
    expect(result.devices).toEqual(expect.arrayContaining(['audioinput', 'videoinput']));
  });

  it('runs the connection test: camera and microphone pass, and it says calls are not possible here', async () => {
    await wd.navigate(`${server.baseUrl}/test`);
    const start = await wd.waitForElement('button.ct-start');
    expect(await wd.elementText(start)).toBe('Start the test');
    await wd.click(start);
    const raw = await wd.waitFor(
      () => wd.execute<string>("return document.querySelector('pre[data-report]')?.textContent || ''"),
      'the connection test report',
      45_000,
    );
    const report = JSON.parse(raw) as { checks: { id: string; status: string; message: string; details?: Record<string, unknown> }[] };
    const check = (id: string) => report.checks.find((c) => c.id === id);
    expect(check('camera')?.status, check('camera')?.message).toBe('pass');
    expect(check('camera')?.details?.width).toBeGreaterThan(0);
    expect(check('microphone')?.status, check('microphone')?.message).toBe('pass');
    expect(check('server')?.status, check('server')?.message).toBe('pass');
    // No RTCPeerConnection: the browser check fails and says so in plain words, on the page too.
    expect(check('browser')?.status).toBe('fail');
    expect((check('browser')?.details?.features as { rtcPeerConnection?: boolean } | undefined)?.rtcPeerConnection).toBe(false);
    const card = await wd.findElement('[data-check="browser"]');
    expect(await wd.elementText(card)).toContain('cannot make video calls');
  });
});
