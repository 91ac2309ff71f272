// The in-visit UI components on their own: each is bundled with esbuild, mounted on a blank page and
// driven by role and name, with every callback recorded on window.calls. No Vestibule server needed.
import { expect, test, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import type { AttendeesPanel } from '../../client/ui/attendees-panel.js';
import type { WaitingList } from '../../client/ui/waiting-list.js';
import type { VideoTiles } from '../../client/ui/video-tiles.js';
import type { ChatPanel } from '../../client/ui/chat-panel.js';
import type { ControlsBar } from '../../client/ui/controls-bar.js';
import type * as Dialogs from '../../client/ui/dialogs.js';
import type * as EndPages from '../../client/ui/end-pages.js';
import type { TileMenu } from '../../client/ui/tile-menu.js';
import type * as Devices from '../../client/media/devices.js';
import type { ParticipantView } from '../../shared/protocol.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** What the harness bundle puts on window. */
interface Harness {
  vb: {
    ControlsBar: typeof ControlsBar;
    TileMenu: typeof TileMenu;
    ChatPanel: typeof ChatPanel;
    AttendeesPanel: typeof AttendeesPanel;
    WaitingList: typeof WaitingList;
    VideoTiles: typeof VideoTiles;
    confirmScreenShare: typeof Dialogs.confirmScreenShare;
    confirmEndSession: typeof Dialogs.confirmEndSession;
    showSessionEnded: typeof Dialogs.showSessionEnded;
    showLeftPage: typeof EndPages.showLeftPage;
    showEndedPage: typeof EndPages.showEndedPage;
    DeviceSettingsDialog: typeof Dialogs.DeviceSettingsDialog;
    listDevices: typeof Devices.listDevices;
    canChooseSpeakers: typeof Devices.canChooseSpeakers;
  };
  calls: unknown[][];
  /** A callback that records its name and arguments. */
  rec(name: string): (...args: unknown[]) => void;
  /** Components the test mounted, for later calls from page.evaluate. */
  it: Record<string, any>;
  root: HTMLElement;
}

const HARNESS = `
import { ControlsBar } from './client/ui/controls-bar.js';
import { TileMenu } from './client/ui/tile-menu.js';
import { ChatPanel } from './client/ui/chat-panel.js';
import { AttendeesPanel } from './client/ui/attendees-panel.js';
import { WaitingList } from './client/ui/waiting-list.js';
import { VideoTiles } from './client/ui/video-tiles.js';
import { confirmScreenShare, confirmEndSession, showSessionEnded, DeviceSettingsDialog } from './client/ui/dialogs.js';
import { listDevices, canChooseSpeakers } from './client/media/devices.js';
import { showLeftPage, showEndedPage } from './client/ui/end-pages.js';
import { pageWordsReady } from './client/i18n/page-words.js';
import { SPANISH_VISIT_WORDS } from './client/visit/spanish-words.js';
// Where the page's Spanish comes from, as the visit page's entry says it (client/visit/main.ts).
void pageWordsReady({ es: async () => SPANISH_VISIT_WORDS });
const w = window as any;
w.vb = { ControlsBar, TileMenu, ChatPanel, AttendeesPanel, WaitingList, VideoTiles, confirmScreenShare, confirmEndSession, showSessionEnded, showLeftPage, showEndedPage, DeviceSettingsDialog, listDevices, canChooseSpeakers };
w.calls = [];
w.rec = (name: string) => (...args: unknown[]) => { w.calls.push([name, ...args]); };
w.it = {};
w.root = document.getElementById('root');
`;

let bundle: Promise<string> | undefined;
function harnessScript(): Promise<string> {
  bundle ??= build({
    stdin: { contents: HARNESS, resolveDir: root, loader: 'ts', sourcefile: 'components-harness.ts' },
    bundle: true,
    write: false,
    format: 'iife',
    target: ['chrome100', 'firefox100', 'safari15'],
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0]!.text);
  return bundle;
}

/** The visit page's own sheets, and the one its dialogs add when they open. */
const css = () =>
  ['styles.css', 'visit-controls.css', 'dialogs.css'].map((sheet) => readFileSync(`${root}client/pages/${sheet}`, 'utf8')).join('');

async function open(page: Page): Promise<void> {
  await page.setContent(
    '<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>components</title></head><body><main id="root" class="visit"></main></body></html>',
  );
  await page.addStyleTag({ content: css() });
  await page.addScriptTag({ content: await harnessScript() });
}

const calls = (page: Page) => page.evaluate(() => (window as unknown as Harness).calls);
const callNames = async (page: Page) => (await calls(page)).map((c) => c[0]);

function person(id: string, displayName: string, over: Partial<ParticipantView> = {}): ParticipantView {
  return {
    id,
    role: 'client',
    displayName,
    admission: 'admitted',
    online: true,
    waitingSince: null,
    ready: false,
    testSummary: null,
    media: null,
    ...over,
  };
}

test.beforeEach(({}, _testInfo) => {});

test.describe('ControlsBar', () => {
  async function mountBar(page: Page, role: 'provider' | 'client', inCall = true) {
    // The harness page is about:blank, not a secure context: no mediaDevices. A desktop browser's
    // visit page has getDisplayMedia, which is what lets the bar offer Share screen.
    await page.evaluate(() => {
      if (!navigator.mediaDevices) Object.defineProperty(navigator, 'mediaDevices', { value: {}, configurable: true });
      const md = navigator.mediaDevices as unknown as { getDisplayMedia?: () => Promise<MediaStream> };
      md.getDisplayMedia ??= () => Promise.reject(new Error('not in this harness'));
    });
    await page.evaluate(
      ([role, inCall]) => {
        const w = window as unknown as Harness;
        const media = { audio: true, video: true, screen: false };
        const bar: ControlsBar = new w.vb.ControlsBar(
          {
            // Like the visit code: report the new state back after acting on it.
            toggleAudio: () => {
              w.calls.push(['toggleAudio']);
              media.audio = !media.audio;
              bar.setMedia(media);
            },
            toggleVideo: () => {
              w.calls.push(['toggleVideo']);
              media.video = !media.video;
              bar.setMedia(media);
            },
            toggleScreen: () => {
              w.calls.push(['toggleScreen']);
              media.screen = !media.screen;
              bar.setMedia(media);
            },
            togglePanel: w.rec('togglePanel'),
            leave: w.rec('leave'),
            endSession: w.rec('endSession'),
          },
          { role: role as 'provider' | 'client' },
        );
        bar.setMedia(media);
        bar.setInCall(inCall as boolean, true);
        w.it.bar = bar;
        w.root.append(bar.element);
      },
      [role, inCall] as const,
    );
  }

  test('toggles show their state with aria-pressed and report the intent', async ({ page }) => {
    await open(page);
    await mountBar(page, 'provider');
    const mic = page.getByRole('button', { name: 'Microphone', exact: true });
    const cam = page.getByRole('button', { name: 'Camera', exact: true });
    const share = page.getByRole('button', { name: 'Share screen' });
    await expect(mic).toHaveAttribute('aria-pressed', 'true');
    await expect(cam).toHaveAttribute('aria-pressed', 'true');
    await expect(share).toHaveAttribute('aria-pressed', 'false');

    await mic.click();
    await expect(mic).toHaveAttribute('aria-pressed', 'false');
    await expect(mic).toContainText('Off'); // not by colour alone
    await cam.focus();
    await page.keyboard.press('Space');
    await expect(cam).toHaveAttribute('aria-pressed', 'false');
    await share.focus();
    await page.keyboard.press('Enter');
    await expect(share).toHaveAttribute('aria-pressed', 'true');
    await expect(share).toContainText('Sharing');

    await page.getByRole('button', { name: 'Attendees' }).click();
    await page.getByRole('button', { name: 'Chat' }).click();
    await page.getByRole('button', { name: 'Leave session' }).click();
    await page.getByRole('button', { name: 'End session' }).click();
    expect(await calls(page)).toEqual([
      ['toggleAudio'],
      ['toggleVideo'],
      ['toggleScreen'],
      ['togglePanel', 'attendees'],
      ['togglePanel', 'chat'],
      ['leave'],
      ['endSession'],
    ]);
  });

  test('chat unread badge, open panel state, and in-call-only buttons', async ({ page }) => {
    await open(page);
    await mountBar(page, 'client', false);
    await expect(page.getByRole('button', { name: 'Share screen' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Attendees' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'End session' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Leave session' })).toBeVisible();

    await page.evaluate(() => (window as unknown as Harness).it.bar.setUnreadChat(2));
    const chat = page.getByRole('button', { name: /^Chat/ });
    await expect(chat).toHaveAccessibleName('Chat, 2 unread');
    await expect(chat).toContainText('2');
    await page.evaluate(() => {
      const bar = (window as unknown as Harness).it.bar;
      bar.setUnreadChat(0);
      bar.setInCall(true, true);
      bar.setPanel('chat');
    });
    await expect(chat).toHaveAccessibleName('Chat');
    await expect(chat).toHaveAttribute('aria-expanded', 'true');
    await expect(page.getByRole('button', { name: 'Share screen' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Attendees' })).toHaveAttribute('aria-expanded', 'false');
  });

  for (const size of [
    { width: 360, height: 740 },
    { width: 740, height: 360 },
  ]) {
    test(`every control is on screen at ${size.width}x${size.height}`, async ({ page }) => {
      await page.setViewportSize(size);
      await open(page);
      await mountBar(page, 'provider');
      await page.evaluate(() => (window as unknown as Harness).it.bar.setUnreadChat(12));
      const buttons = page.locator('.controls-bar button');
      await expect(buttons).toHaveCount(7);
      for (const b of await buttons.all()) {
        await expect(b).toBeVisible();
        const box = (await b.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.y).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(size.width);
        expect(box.y + box.height).toBeLessThanOrEqual(size.height);
        expect(box.height).toBeGreaterThanOrEqual(44);
      }
      // At most two rows of buttons, and the bar no taller than a third of the screen.
      const rows = new Set(await buttons.evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top))));
      expect(rows.size).toBeLessThanOrEqual(2);
      const bar = (await page.locator('.controls-bar').boundingBox())!;
      expect(bar.height).toBeLessThanOrEqual(size.height / 3);
      expect(bar.y + bar.height).toBeCloseTo(size.height, 0);
    });
  }
});

test.describe('TileMenu', () => {
  async function mountMenu(page: Page, opts: { participantName: string; isSelf: boolean; viewerIsProvider: boolean }) {
    await page.evaluate((opts) => {
      const w = window as unknown as Harness;
      // One's own tile and others' take different actions (no "Make main video" on one's own).
      const menu: TileMenu = opts.isSelf
        ? new w.vb.TileMenu({
            kind: 'self',
            actions: {
              toggleSelfView: w.rec('toggleSelfView'),
              moveSelfView: w.rec('moveSelfView'),
              fullscreen: w.rec('fullscreen'),
              openSettings: w.rec('openSettings'),
            },
          })
        : new w.vb.TileMenu({
            kind: 'peer',
            participantName: opts.participantName,
            viewerIsProvider: opts.viewerIsProvider,
            actions: { makeMain: w.rec('makeMain'), mute: w.rec('mute'), stopVideo: w.rec('stopVideo'), fullscreen: w.rec('fullscreen') },
          });
      const tile = document.createElement('figure');
      tile.className = 'tile';
      tile.style.height = '180px';
      tile.append(menu.element);
      w.root.append(tile, Object.assign(document.createElement('button'), { textContent: 'Elsewhere' }));
      w.it[opts.isSelf ? 'self' : opts.participantName] = menu;
    }, opts);
  }

  const itemNames = (page: Page) => page.getByRole('menuitem').allInnerTexts();

  test('keyboard: Enter opens, arrows/Home/End move, Escape closes and returns focus', async ({ page }) => {
    await open(page);
    await mountMenu(page, { participantName: 'Jordan', isSelf: false, viewerIsProvider: true });
    const trigger = page.getByRole('button', { name: 'Options for Jordan' });
    await expect(trigger).toHaveAttribute('aria-haspopup', 'menu');
    await expect(trigger).toHaveAttribute('aria-expanded', 'false');
    await expect(page.getByRole('menu')).toBeHidden();

    await trigger.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('menu')).toBeVisible();
    await expect(trigger).toHaveAttribute('aria-expanded', 'true');
    expect(await itemNames(page)).toEqual(['Make main video', 'Mute', 'Stop video', 'Fullscreen']);
    const item = (name: string) => page.getByRole('menuitem', { name, exact: true });
    await expect(item('Make main video')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(item('Mute')).toBeFocused();
    await page.keyboard.press('End');
    await expect(item('Fullscreen')).toBeFocused();
    await page.keyboard.press('ArrowDown'); // wraps
    await expect(item('Make main video')).toBeFocused();
    await page.keyboard.press('ArrowUp'); // wraps back
    await expect(item('Fullscreen')).toBeFocused();
    await page.keyboard.press('Home');
    await expect(item('Make main video')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('menu')).toBeHidden();
    await expect(trigger).toBeFocused();
    await expect(trigger).toHaveAttribute('aria-expanded', 'false');

    // ArrowUp on the button opens on the last item; Enter on an item runs it, closes, returns focus.
    await page.keyboard.press('ArrowUp');
    await expect(item('Fullscreen')).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('menu')).toBeHidden();
    await expect(trigger).toBeFocused();
    expect(await calls(page)).toEqual([['stopVideo']]);

    // The open menu lies fully on screen.
    await trigger.click();
    for (const i of await page.getByRole('menuitem').all()) {
      const box = (await i.boundingBox())!;
      const vp = page.viewportSize()!;
      expect(box.y + box.height).toBeLessThanOrEqual(vp.height);
      expect(box.x + box.width).toBeLessThanOrEqual(vp.width);
    }
    // A click elsewhere closes it.
    await page.getByRole('button', { name: 'Elsewhere' }).click();
    await expect(page.getByRole('menu')).toBeHidden();
  });

  test('moderation items only for the provider; unavailable ones are disabled', async ({ page }) => {
    await open(page);
    await mountMenu(page, { participantName: 'Jordan', isSelf: false, viewerIsProvider: false });
    await page.getByRole('button', { name: 'Options for Jordan' }).click();
    expect(await itemNames(page)).toEqual(['Make main video', 'Fullscreen']);
    await page.keyboard.press('Escape');

    await mountMenu(page, { participantName: 'Sam', isSelf: false, viewerIsProvider: true });
    await page.evaluate(() => (window as unknown as Harness).it.Sam.update({ remoteAudioOn: false, isMain: true }));
    await page.getByRole('button', { name: 'Options for Sam' }).click();
    expect(await itemNames(page)).toEqual(['Shrink video', 'Mute', 'Stop video', 'Fullscreen']);
    await expect(page.getByRole('menuitem', { name: 'Mute' })).toBeDisabled();
    await expect(page.getByRole('menuitem', { name: 'Stop video' })).toBeEnabled();
    await page.keyboard.press('ArrowDown'); // disabled items still take focus, as the menu pattern asks
    await expect(page.getByRole('menuitem', { name: 'Mute' })).toBeFocused();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'Mute' }).click({ force: true });
    await expect(page.getByRole('menu')).toBeVisible();
    expect(await calls(page)).toEqual([]);
    await page.keyboard.press('Escape');
  });

  test('own tile: self view and settings, never moderation', async ({ page }) => {
    await open(page);
    await mountMenu(page, { participantName: 'Dr. Rivera', isSelf: true, viewerIsProvider: true });
    const trigger = page.getByRole('button', { name: 'Options for you' });
    await trigger.click();
    expect(await itemNames(page)).toEqual(['Hide self view', 'Move self view to another corner', 'Fullscreen', 'Audio and video settings']);
    await page.getByRole('menuitem', { name: 'Hide self view' }).click();
    await page.evaluate(() => (window as unknown as Harness).it.self.update({ selfViewHidden: true }));
    await trigger.click();
    await expect(page.getByRole('menuitem', { name: 'Show self view' })).toBeVisible();
    await page.getByRole('menuitem', { name: 'Audio and video settings' }).click();
    expect(await callNames(page)).toEqual(['toggleSelfView', 'openSettings']);
  });
});

test.describe('ChatPanel', () => {
  async function mountChat(page: Page, role: 'provider' | 'client', channel: 'waiting' | 'call', groupVisit = false) {
    await page.evaluate(
      ([role, channel, groupVisit]) => {
        const w = window as unknown as Harness;
        const chat: ChatPanel = new w.vb.ChatPanel(
          { send: w.rec('send'), unreadChanged: w.rec('unread') },
          { role: role as 'provider' | 'client' },
        );
        chat.setChannel(channel as 'waiting' | 'call', { groupVisit: groupVisit as boolean });
        chat.setOpen(true);
        w.it.chat = chat;
        w.root.append(chat.element);
        window.alert = () => w.calls.push(['ALERT']);
      },
      [role, channel, groupVisit] as const,
    );
  }

  test('says who can read, sends on Enter, Shift+Enter adds a line', async ({ page }) => {
    await open(page);
    await mountChat(page, 'client', 'waiting');
    await expect(page.getByText('Messages here are seen by your provider and everyone in the waiting room')).toBeVisible();
    const box = page.getByRole('textbox', { name: 'Message' });
    await expect(box).toHaveAttribute('maxlength', '2000');
    await box.fill('Running 5 minutes late');
    await box.press('Enter');
    await expect(box).toHaveValue('');
    await box.pressSequentially('line one');
    await box.press('Shift+Enter');
    await box.pressSequentially('line two');
    await expect(box).toHaveValue('line one\nline two');
    await page.getByRole('button', { name: 'Send' }).click();
    await box.press('Enter'); // empty: nothing sent
    expect(await calls(page)).toEqual([
      ['send', 'waiting', 'Running 5 minutes late'],
      ['send', 'waiting', 'line one\nline two'],
    ]);

    await page.evaluate(() => (window as unknown as Harness).it.chat.setChannel('call', { groupVisit: false }));
    await expect(page.getByText('Messages here are seen by everyone in this call. They are not saved.')).toBeVisible();
  });

  test('the provider is told the waiting room reads it', async ({ page }) => {
    await open(page);
    await mountChat(page, 'provider', 'waiting', true);
    await expect(page.getByText(/^Messages here are seen by everyone in the waiting room/)).toBeVisible();
  });

  test('renders messages as text, with sender and time, in a polite live log', async ({ page }) => {
    await open(page);
    await mountChat(page, 'client', 'waiting');
    const log = page.getByRole('log');
    await expect(log).toHaveAttribute('aria-live', 'polite');
    const at = new Date(2030, 0, 2, 15, 45).getTime();
    // Every resource that fails to load, from here on (error events do not bubble, but can be captured).
    await page.evaluate(() => {
      const w = window as unknown as Harness & { loadErrors: string[] };
      w.loadErrors = [];
      document.addEventListener(
        'error',
        (e) => {
          const el = e.target as HTMLElement;
          w.loadErrors.push(el.dataset?.sentinel !== undefined ? 'sentinel' : (el.outerHTML ?? String(el)));
        },
        true,
      );
    });
    await page.evaluate((at) => {
      const chat = (window as unknown as Harness).it.chat as ChatPanel;
      chat.add({ channel: 'waiting', fromName: 'Dr. <b>Rivera</b>', mine: false, text: '<img src=x onerror=alert(1)>', at });
      chat.add({ channel: 'waiting', fromName: 'Jordan', mine: true, text: 'hi', at });
    }, at);
    await expect(log.getByText('<img src=x onerror=alert(1)>', { exact: true })).toBeVisible();
    await expect(log.getByText('Dr. <b>Rivera</b>', { exact: true })).toBeVisible();
    await expect(log.getByText('You', { exact: true })).toBeVisible();
    await expect(log.locator('time').first()).toHaveText(/3:45|15:45/);
    expect(await page.locator('img, b').count()).toBe(0);
    // Had the message become an <img src=x>, its failed load would have called alert. A sentinel image
    // with the same source fails the same way: once its error event has fired, the injected one's would
    // have too. Only the sentinel may have failed, and nothing may have called alert.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const img = document.createElement('img');
          img.dataset.sentinel = '';
          img.addEventListener('error', () => (img.remove(), resolve()), { once: true });
          document.body.append(img);
          img.src = 'x';
        }),
    );
    expect(await page.evaluate(() => (window as unknown as { loadErrors: string[] }).loadErrors)).toEqual(['sentinel']);
    expect(await callNames(page)).not.toContain('ALERT');

    // After admission the earlier messages stay, marked as from the waiting room.
    await page.evaluate(() => (window as unknown as Harness).it.chat.setChannel('call', { groupVisit: false }));
    await expect(log.getByText('In the waiting room')).toHaveCount(2);
  });

  test('counts unread messages from others while closed', async ({ page }) => {
    await open(page);
    await mountChat(page, 'client', 'call');
    const unread = () => page.evaluate(() => (window as unknown as Harness).it.chat.unread as number);
    await page.evaluate(() => {
      const chat = (window as unknown as Harness).it.chat as ChatPanel;
      chat.setOpen(false);
      chat.add({ channel: 'call', fromName: 'Dr. Rivera', mine: false, text: 'one', at: Date.now() });
      chat.add({ channel: 'call', fromName: 'Jordan', mine: true, text: 'mine', at: Date.now() });
      chat.add({ channel: 'call', fromName: 'Dr. Rivera', mine: false, text: 'two', at: Date.now() });
    });
    expect(await unread()).toBe(2);
    await expect(page.getByRole('log')).toBeHidden();
    await page.evaluate(() => (window as unknown as Harness).it.chat.setOpen(true));
    expect(await unread()).toBe(0);
    expect((await calls(page)).filter((c) => c[0] === 'unread')).toEqual([
      ['unread', 1],
      ['unread', 2],
      ['unread', 0],
    ]);
  });

  test('screen readers hear of messages from others while the panel is closed, and only then', async ({ page }) => {
    await open(page);
    await mountChat(page, 'client', 'call');
    await page.evaluate(() => {
      const w = window as unknown as Harness;
      w.root.append((w.it.chat as ChatPanel).announcer);
    });
    const news = page.getByRole('status');
    const add = (fromName: string, mine = false) =>
      page.evaluate(
        ([fromName, mine]) => {
          const chat = (window as unknown as Harness).it.chat as ChatPanel;
          chat.add({ channel: 'call', fromName: fromName as string, mine: mine as boolean, text: 'words', at: Date.now() });
        },
        [fromName, mine] as const,
      );
    // Open, the log itself is read out.
    await add('Dr. Rivera');
    await expect(news).toHaveText('');
    await page.evaluate(() => (window as unknown as Harness).it.chat.setOpen(false));
    await add('Jordan', true);
    await expect(news).toHaveText('');
    await add('Dr. Rivera');
    await expect(news).toHaveText('New chat message from Dr. Rivera');
    // A second message changes the words, so it is heard too; never the message itself.
    await add('Sam');
    await expect(news).toHaveText('2 new chat messages, the latest from Sam');
    await page.evaluate(() => (window as unknown as Harness).it.chat.setOpen(true));
    await expect(news).toHaveText('');
  });

  test('at phone size the message box and Send stay on screen above the action bar', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await open(page);
    await page.evaluate(() => {
      const w = window as unknown as Harness;
      const bar = new w.vb.ControlsBar(
        { toggleAudio() {}, toggleVideo() {}, toggleScreen() {}, togglePanel() {}, leave() {}, endSession() {} },
        { role: 'provider' },
      );
      bar.setInCall(true, true);
      const chat = new w.vb.ChatPanel({ send: w.rec('send'), close: w.rec('close') }, { role: 'provider' });
      chat.setOpen(true);
      for (let i = 0; i < 40; i++) chat.add({ channel: 'waiting', fromName: 'Jordan', mine: false, text: `message ${i}`, at: Date.now() });
      w.root.append(chat.element, bar.element);
    });
    const barBox = async () => (await page.locator('.controls-bar').boundingBox())!;
    await expect.poll(async () => (await page.locator('.chat-panel').boundingBox())!.height).toBeGreaterThan(200);
    const bar = await barBox();
    for (const name of ['Send', 'Close chat']) {
      const box = (await page.getByRole('button', { name }).boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(360);
      expect(box.y + box.height).toBeLessThanOrEqual(bar.y + 1);
    }
    const input = (await page.getByRole('textbox', { name: 'Message' }).boundingBox())!;
    expect(input.y + input.height).toBeLessThanOrEqual(bar.y + 1);
    await page.getByRole('textbox', { name: 'Message' }).press('Escape');
    expect(await callNames(page)).toEqual(['close']);
  });
});

test.describe('AttendeesPanel', () => {
  const roster: ParticipantView[] = [
    person('p1', 'Dr. Rivera', { role: 'provider', media: { audio: true, video: true, screen: false } }),
    person('c1', 'Jordan', { media: { audio: false, video: true, screen: true } }),
    person('c2', 'Sam', { admission: 'waiting', waitingSince: 1000, ready: true }),
    person('c3', 'Alex', { admission: 'waiting', waitingSince: 2000, online: false }),
    person('c4', 'Kim', { admission: 'removed' }),
  ];

  async function mountAttendees(page: Page, viewerIsProvider: boolean, selfId: string) {
    await page.evaluate(
      ([viewerIsProvider, selfId, roster]) => {
        const w = window as unknown as Harness;
        const panel: AttendeesPanel = new w.vb.AttendeesPanel(
          { admit: w.rec('admit'), remove: w.rec('remove') },
          { viewerIsProvider: viewerIsProvider as boolean, selfId: selfId as string },
        );
        panel.update(roster as ParticipantView[]);
        w.it.attendees = panel;
        w.root.append(panel.element);
      },
      [viewerIsProvider, selfId, roster] as const,
    );
  }

  test('provider sees the call and the waiting room, and can admit or remove', async ({ page }) => {
    await open(page);
    await mountAttendees(page, true, 'p1');
    const inCall = page.getByRole('region', { name: 'In the call' });
    const waiting = page.getByRole('region', { name: 'Waiting' });
    await expect(inCall.getByRole('listitem')).toHaveCount(2);
    await expect(inCall.getByRole('listitem').first()).toContainText('Dr. Rivera (you)');
    await expect(inCall.getByText('Microphone off')).toBeVisible();
    await expect(inCall.getByText('Sharing screen')).toBeVisible();
    await expect(waiting.getByRole('listitem')).toHaveCount(1); // Alex is offline, Kim removed
    await expect(page.getByText('Kim')).toHaveCount(0);

    const admit = page.getByRole('button', { name: 'Admit Sam' });
    await admit.click();
    await page.getByRole('button', { name: 'Remove Sam' }).click();
    expect(await calls(page)).toEqual([
      ['admit', 'c2'],
      ['remove', 'c2'],
    ]);

    // A roster update that does not change Sam's row keeps focus on his button.
    await admit.focus();
    await page.evaluate(
      (r) =>
        (window as unknown as Harness).it.attendees.update([
          r[0]!,
          { ...r[1]!, media: { audio: true, video: true, screen: false } },
          r[2]!,
          r[3]!,
        ]),
      roster,
    );
    await expect(inCall.getByText('Microphone on')).toHaveCount(2);
    await expect(admit).toBeFocused();
  });

  test('a change to a waiting row between pressing Admit and letting go does not lose the click', async ({ page }) => {
    await open(page);
    await mountAttendees(page, true, 'p1');
    const box = (await page.getByRole('button', { name: 'Admit Sam' }).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.evaluate(
      (r) =>
        (window as unknown as Harness).it.attendees.update([
          r[0]!,
          r[1]!,
          { ...r[2]!, ready: false, testSummary: { verdict: 'warn', text: 'Slow connection' } },
          r[3]!,
        ]),
      roster,
    );
    await page.mouse.up();
    await expect(page.getByRole('region', { name: 'Waiting' }).getByText('Slow connection')).toBeVisible();
    expect(await calls(page)).toEqual([['admit', 'c2']]);
  });

  test('a client sees no Admit or Remove buttons', async ({ page }) => {
    await open(page);
    await mountAttendees(page, false, 'c1');
    await expect(page.getByRole('listitem').filter({ hasText: 'Jordan (you)' })).toBeVisible();
    await expect(page.getByRole('button', { name: /^(Admit|Remove) / })).toHaveCount(0);
  });
});

test.describe('WaitingList', () => {
  /** The provider's waiting list, first drawn from `roster`, as `window.it.waiting`. */
  async function mountWaitingList(page: Page, roster: ParticipantView[]) {
    await page.evaluate((roster) => {
      const w = window as unknown as Harness;
      const list: WaitingList = new w.vb.WaitingList({ admit: w.rec('admit'), remove: w.rec('remove') });
      list.update(roster);
      w.it.waiting = list;
      w.root.append(list.element);
    }, roster);
  }

  test('a roster that arrives between pressing Admit and letting go does not lose the click', async ({ page }) => {
    await open(page);
    const sam = person('c2', 'Sam', { admission: 'waiting', waitingSince: 1000 });
    await mountWaitingList(page, [sam]);
    const admit = page.getByRole('button', { name: 'Admit Sam' });
    const box = (await admit.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    // Sam's page reports that they are ready, with a test summary: the provider's roster changes mid-click.
    await page.evaluate(
      (sam) =>
        (window as unknown as Harness).it.waiting.update([
          { ...sam, ready: true, testSummary: { verdict: 'pass', text: 'All checks passed' } },
        ]),
      sam,
    );
    await page.mouse.up();
    await expect(page.getByText('All checks passed')).toBeVisible();
    expect(await calls(page)).toEqual([['admit', 'c2']]);
  });

  test('screen readers are told of each arrival, once; not of those already waiting, nor while the stage says it', async ({ page }) => {
    await open(page);
    const sam = person('c2', 'Sam', { admission: 'waiting', waitingSince: 1000 });
    const kim = person('c3', 'Kim', { admission: 'waiting', waitingSince: 2000 });
    const lee = person('c4', 'Lee', { admission: 'waiting', waitingSince: 3000 });
    await mountWaitingList(page, [sam]);
    const news = page.getByRole('status');
    await expect(news).toHaveText('');
    await page.evaluate((r) => (window as unknown as Harness).it.waiting.update(r), [sam, kim]);
    await expect(news).toHaveText('Kim is in the waiting room');
    // While the stage says who waits (nobody in the call yet), the list keeps quiet.
    await page.evaluate(
      (r) => {
        const list = (window as unknown as Harness).it.waiting as WaitingList;
        list.quiet = true;
        list.update(r);
      },
      [sam, kim, lee],
    );
    await expect(page.getByRole('button', { name: 'Admit Lee' })).toBeVisible();
    await expect(news).toHaveText('Kim is in the waiting room');
  });
});

test.describe('VideoTiles', () => {
  /** Tiles with one remote tile, Sam's (c2), and their announcer, on the page. */
  async function mountTiles(page: Page): Promise<(fn: (tiles: VideoTiles) => void) => Promise<unknown>> {
    await open(page);
    await page.evaluate(() => {
      const w = window as unknown as Harness;
      const tiles: VideoTiles = new w.vb.VideoTiles();
      w.root.append(tiles.announcer, tiles.grid);
      tiles.showRemote('c2', new MediaStream(), 'Sam');
      w.it.tiles = tiles;
    });
    return (fn) => page.evaluate(`(${fn.toString()})(window.it.tiles)`);
  }

  test('screen readers are told when someone’s connection drops, weakens or comes back, and when their video pauses', async ({ page }) => {
    const act = await mountTiles(page);
    const news = page.getByRole('status');
    // The first connection is no news.
    await act((t) => t.setConnection('c2', 'connected'));
    await expect(page.locator('[data-peer="c2"]')).toHaveAttribute('data-state', 'connected');
    await expect(news).toHaveText('');
    await act((t) => t.setConnection('c2', 'reconnecting'));
    await expect(news).toHaveText('Sam: Reconnecting…');
    // An ICE restart passes through "connecting": the return is still told.
    await act((t) => t.setConnection('c2', 'connecting'));
    await act((t) => t.setConnection('c2', 'connected'));
    await expect(news).toHaveText('Sam: Connected again');
    await act((t) => t.setConnection('c2', 'poor'));
    await expect(news).toHaveText('Sam: Poor connection');
    await act((t) => t.setConnection('c2', 'connected'));
    await expect(news).toHaveText('Sam: Connected again');
    await act((t) => t.setRemoteMedia('c2', { audio: true, video: true, screen: false, videoPaused: 'weak-connection' }));
    await expect(news).toHaveText('Sam: Video paused: weak connection');
    // The same state again is not news twice.
    await act((t) => {
      t.setConnection('c2', 'connected');
      t.setRemoteMedia('c2', { audio: false, video: true, screen: false, videoPaused: 'weak-connection' });
    });
    await expect(page.locator('[data-peer="c2"] [data-status]')).toContainText('Microphone off');
    await expect(news).toHaveText('Sam: Video paused: weak connection');
  });

  test('a video that stops arriving says so while the camera is said to be on, and never over what already says why', async ({ page }) => {
    const act = await mountTiles(page);
    await act((t) => {
      t.setConnection('c2', 'connected');
      t.setRemoteMedia('c2', { audio: true, video: true, screen: false });
    });
    const news = page.getByRole('status');
    const tile = page.locator('[data-peer="c2"]');
    const card = tile.locator('[data-video-paused]');
    const status = tile.locator('[data-status]');
    await act((t) => t.setVideoStalled('c2', true));
    await expect(card).toHaveText("Sam's video is not reaching you right now");
    await expect(status).toHaveText('Video not arriving');
    await expect(news).toHaveText('Sam: Video not arriving');
    await act((t) => t.setVideoStalled('c2', false));
    await expect(card).toBeHidden();
    await expect(status).toHaveText('');
    // Their camera is off, or their video paused for their connection: that is what the tile says.
    await act((t) => {
      t.setRemoteMedia('c2', { audio: true, video: false, screen: false });
      t.setVideoStalled('c2', true);
    });
    await expect(card).toBeHidden();
    await expect(status).toHaveText('Camera off');
    await act((t) => t.setRemoteMedia('c2', { audio: true, video: true, screen: false, videoPaused: 'weak-connection' }));
    await expect(card).toHaveText("Sam's video is paused because of their connection");
    // A connection being restored says so itself.
    await act((t) => {
      t.setRemoteMedia('c2', { audio: true, video: true, screen: false });
      t.setConnection('c2', 'reconnecting');
    });
    await expect(status).toHaveText('Reconnecting…');
    await expect(card).toBeHidden();
    // Back, the video is not news until the monitor says so again (it counts afresh after an outage).
    await act((t) => t.setConnection('c2', 'connected'));
    await expect(status).toHaveText('');
    await expect(news).toHaveText('Sam: Connected again');
    // The pause ended just before: the first report after it may count the paused seconds.
    await act((t) => t.setVideoStalled('c2', true));
    await expect(status).toHaveText('');
    await act((t) => t.setVideoStalled('c2', true));
    await expect(status).toHaveText('Video not arriving');
    // Their camera goes off and on again: the first report after is about the seconds it was off.
    await act((t) => {
      t.setRemoteMedia('c2', { audio: true, video: false, screen: false });
      t.setRemoteMedia('c2', { audio: true, video: true, screen: false });
      t.setVideoStalled('c2', true);
    });
    await expect(status).toHaveText('');
    await act((t) => t.setVideoStalled('c2', true));
    await expect(status).toHaveText('Video not arriving');
  });

  test('a camera held back for a background effect reads as waiting for it, on the tile and the self view, not as "Camera off"', async ({
    page,
  }) => {
    await open(page);
    await page.evaluate(() => {
      const w = window as unknown as Harness;
      const tiles: VideoTiles = new w.vb.VideoTiles();
      w.root.append(tiles.announcer, tiles.grid, tiles.selfTile);
      tiles.showRemote('c2', new MediaStream(), 'Sam');
      tiles.setRemoteMedia('c2', { audio: true, video: true, screen: false, videoPaused: 'background' });
      tiles.setSelfMedia({ audio: true, video: true, screen: false, videoPaused: 'background' });
      w.it.tiles = tiles;
    });
    const tile = page.locator('[data-peer="c2"]');
    await expect(tile).toHaveAttribute('data-video', 'paused');
    await expect(tile.getByText("Sam's video waits for their background effect")).toBeVisible();
    await expect(tile.locator('[data-status]')).toContainText('Video waiting for background');
    await expect(page.getByRole('status')).toHaveText('Sam: Video waiting for background');
    await expect(page.locator('.tile.self [data-status]')).toHaveText('Video waiting for background');
    // Renamed while held, the card follows.
    await page.evaluate(() => ((window as unknown as Harness).it.tiles as VideoTiles).rename('c2', 'Sam R.'));
    await expect(tile.getByText("Sam R.'s video waits for their background effect")).toBeVisible();
  });
});

test.describe('camera problems', () => {
  test('the waiting list and the tile word a camera problem alike, from one table', async ({ page }) => {
    await open(page);
    const problems = ['denied', 'in-use', 'unsupported'] as const;
    const waiting = problems.map((problem, i) =>
      person(`c${i}`, `P${i}`, { admission: 'waiting', waitingSince: i, media: { audio: true, video: false, screen: false, problem } }),
    );
    await page.evaluate((roster) => {
      const w = window as unknown as Harness;
      const list: WaitingList = new w.vb.WaitingList({ admit: w.rec('admit'), remove: w.rec('remove') });
      list.update(roster);
      const tiles: VideoTiles = new w.vb.VideoTiles();
      w.root.append(list.element, tiles.grid);
      for (const p of roster) {
        tiles.showRemote(p.id, new MediaStream(), p.displayName);
        tiles.setRemoteMedia(p.id, p.media);
      }
    }, waiting);
    const words = { denied: 'Camera blocked', 'in-use': 'Camera busy', unsupported: 'Browser cannot use the camera' };
    for (const [i, problem] of problems.entries()) {
      await expect(page.locator(`.waiting-entry[data-participant="c${i}"] [data-media-problem]`)).toHaveText(words[problem]);
      await expect(page.locator(`[data-peer="c${i}"] [data-status]`)).toContainText(words[problem]);
    }
  });
});

test.describe('dialogs', () => {
  test('screen-share reminder: Share screen resolves true, Cancel and Escape false', async ({ page }) => {
    await open(page);
    const ask = () =>
      page.evaluate(() => {
        const w = window as unknown as Harness;
        void w.vb.confirmScreenShare().then((ok) => w.calls.push(['share', ok]));
      });
    await ask();
    const dialog = page.getByRole('dialog', { name: 'Before you share your screen' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText("other clients' records");
    await dialog.getByRole('button', { name: 'Share screen' }).click();
    await expect(dialog).toHaveCount(0);
    await ask();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await ask();
    await expect(page.getByRole('dialog')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect
      .poll(() => calls(page))
      .toEqual([
        ['share', true],
        ['share', false],
        ['share', false],
      ]);
    await expect(page.locator('dialog')).toHaveCount(0);
  });

  test('ending the session asks first, with Cancel focused', async ({ page }) => {
    await open(page);
    await page.evaluate(() => {
      const w = window as unknown as Harness;
      void w.vb.confirmEndSession().then((ok) => w.calls.push(['end', ok]));
    });
    const dialog = page.getByRole('dialog', { name: 'End the session for everyone?' });
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await dialog.getByRole('button', { name: 'End session for everyone' }).click();
    await expect.poll(() => calls(page)).toEqual([['end', true]]);
  });

  test('session ended: provider may restart, client is told they can close the page', async ({ page }) => {
    await open(page);
    await page.evaluate(() => {
      const w = window as unknown as Harness;
      w.vb.showSessionEnded({ isProvider: true, canRestart: true, onRestart: w.rec('restart') });
    });
    const dialog = page.getByRole('dialog', { name: 'This session has ended' });
    await dialog.getByRole('button', { name: 'Start the session again' }).click();
    await expect(dialog).toHaveCount(0);
    expect(await callNames(page)).toEqual(['restart']);

    await page.evaluate(() => {
      const w = window as unknown as Harness;
      w.vb.showSessionEnded({ isProvider: false, canRestart: true, onRestart: w.rec('restart') });
    });
    await expect(dialog).toContainText('You can close this page');
    await expect(dialog.getByRole('button', { name: 'Start the session again' })).toHaveCount(0);
  });

  test('the end pages change language in place: no reload, no rejoin, and the way back still works', async ({ page }) => {
    await open(page);
    // A reload would lose this mark (and on the real page, rejoin the visit).
    await page.evaluate(() => {
      const w = window as unknown as Harness & { notReloaded: boolean };
      w.notReloaded = true;
      w.vb.showLeftPage(w.root, w.rec('rejoin'), 'en');
    });
    await expect(page.getByRole('heading', { name: 'You left the visit' })).toBeFocused();
    await page.getByRole('button', { name: 'Español' }).click();
    await expect(page.getByRole('heading', { name: 'Ha salido de la visita' })).toBeFocused();
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(await callNames(page)).toEqual([]);
    await page.getByRole('button', { name: 'Volver a la visita' }).click();
    expect(await callNames(page)).toEqual(['rejoin']);

    await page.evaluate(() => {
      const w = window as unknown as Harness;
      w.vb.showEndedPage(w.root, 'Dr. Rivera', 'es');
    });
    await expect(page.getByRole('heading', { name: 'Esta visita ha terminado' })).toBeVisible();
    await expect(page.getByText('Dr. Rivera ha terminado la visita.')).toBeVisible();
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { name: 'This visit has ended' })).toBeFocused();
    await expect(page.getByText('Dr. Rivera ended the visit. Thank you for joining.')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });

  test('device settings opened again before its close has gone through stays open', async ({ page }) => {
    await open(page);
    await page.evaluate(async () => {
      const w = window as unknown as Harness;
      const d = new w.vb.DeviceSettingsDialog({
        chooseCamera: w.rec('camera'),
        chooseMicrophone: w.rec('microphone'),
        chooseSpeaker: w.rec('speaker'),
      });
      const devices = {
        cameras: [{ id: 'cam-a', label: 'Built-in camera' }],
        microphones: [{ id: 'mic-a', label: 'Built-in microphone' }],
        speakers: null,
        current: { camera: 'cam-a', microphone: 'mic-a' },
      };
      d.open(devices);
      // The browser fires 'close' a moment after close(); wait until the dialog's own handler has had it.
      const closeHandled = new Promise((resolve) => d.element.addEventListener('close', resolve, { once: true }));
      d.close();
      d.open(devices);
      await closeHandled;
    });
    const dialog = page.getByRole('dialog', { name: 'Audio and video settings' });
    await expect(dialog.getByRole('combobox', { name: 'Camera' })).toHaveValue('cam-a');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(dialog).toHaveCount(0);
  });

  test('device settings: choosing a camera reports it at once; speakers explained when not choosable', async ({ page }) => {
    await open(page);
    await page.evaluate(() => {
      const w = window as unknown as Harness;
      const d = new w.vb.DeviceSettingsDialog({
        chooseCamera: w.rec('camera'),
        chooseMicrophone: w.rec('microphone'),
        chooseSpeaker: w.rec('speaker'),
      });
      w.it.devices = d;
      d.open({
        cameras: [
          { id: 'cam-a', label: 'Built-in camera' },
          { id: 'cam-b', label: 'USB camera' },
        ],
        microphones: [{ id: 'mic-a', label: 'Built-in microphone' }],
        speakers: null,
        current: { camera: 'cam-a', microphone: 'mic-a' },
      });
    });
    const dialog = page.getByRole('dialog', { name: 'Audio and video settings' });
    const camera = dialog.getByRole('combobox', { name: 'Camera' });
    await expect(camera).toHaveValue('cam-a');
    await expect(dialog.getByRole('combobox', { name: 'Microphone' })).toHaveValue('mic-a');
    await expect(dialog.getByRole('combobox', { name: 'Speakers' })).toHaveCount(0);
    await expect(dialog).toContainText('does not let web pages choose the speakers');
    await camera.selectOption('USB camera');
    expect(await calls(page)).toEqual([['camera', 'cam-b']]);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(dialog).toHaveCount(0);

    await page.evaluate(() =>
      (window as unknown as Harness).it.devices.open({
        cameras: [],
        microphones: [{ id: 'mic-a', label: 'Built-in microphone' }],
        speakers: [
          { id: 'default', label: 'Default' },
          { id: 'spk-b', label: 'Headphones' },
        ],
        current: {},
      }),
    );
    await expect(dialog.getByRole('combobox', { name: 'Camera' })).toBeDisabled();
    await dialog.getByRole('combobox', { name: 'Speakers' }).selectOption('spk-b');
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    expect(await calls(page)).toEqual([
      ['camera', 'cam-b'],
      ['speaker', 'spk-b'],
    ]);
  });

  test('listDevices names unnamed devices, skips id-less ones, and knows about speakers', async ({ page }) => {
    await open(page);
    const lists = await page.evaluate(async () => {
      const w = window as unknown as Harness;
      const fake = {
        enumerateDevices: async () =>
          [
            { kind: 'videoinput', deviceId: 'v1', label: '', groupId: '' },
            { kind: 'videoinput', deviceId: 'v2', label: 'USB camera', groupId: '' },
            { kind: 'audioinput', deviceId: '', label: '', groupId: '' },
            { kind: 'audioinput', deviceId: 'a1', label: '', groupId: '' },
            { kind: 'audiooutput', deviceId: 'o1', label: 'Headphones', groupId: '' },
          ] as MediaDeviceInfo[],
      };
      return { lists: await w.vb.listDevices(fake), canChoose: w.vb.canChooseSpeakers(), none: await w.vb.listDevices(null) };
    });
    expect(lists.lists.cameras).toEqual([
      { id: 'v1', label: 'Camera 1' },
      { id: 'v2', label: 'USB camera' },
    ]);
    expect(lists.lists.microphones).toEqual([{ id: 'a1', label: 'Microphone 1' }]);
    expect(lists.canChoose).toBe(true); // Chromium has setSinkId
    expect(lists.lists.speakers).toEqual([{ id: 'o1', label: 'Headphones' }]);
    expect(lists.none).toEqual({ cameras: [], microphones: [], speakers: [] });
  });
});
