// The action bar at the bottom of the visit: microphone, camera, screen sharing, the attendees and
// chat panels, leaving, and (for the provider) ending the session. It only shows state and reports
// what the person asked for; the visit code decides what happens.
import { h } from './dom.js';
import { wordsOf } from '../i18n/page-words.js';
import { visitControlsMessages } from '../../shared/i18n/catalogues/visit-controls.js';

const tr = wordsOf(visitControlsMessages);

export interface ControlsActions {
  toggleAudio(): void;
  toggleVideo(): void;
  toggleScreen(): void;
  togglePanel(panel: 'attendees' | 'chat'): void;
  leave(): void;
  /** Not confirmed here: show confirmEndSession() (dialogs.ts) before ending. */
  endSession(): void;
}

type IconName = 'mic' | 'camera' | 'screen' | 'people' | 'chat' | 'leave' | 'end';

const SVG = 'http://www.w3.org/2000/svg';

function svgEl(tag: string, attrs: Record<string, string>): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

/** Simple line icons drawn from basic shapes. Decorative: the button's text or label names it. */
function icon(name: IconName): SVGElement {
  const svg = svgEl('svg', {
    viewBox: '0 0 24 24',
    width: '24',
    height: '24',
    fill: 'none',
    stroke: 'currentColor',
    'stroke-width': '2',
    'stroke-linecap': 'round',
    'stroke-linejoin': 'round',
    'aria-hidden': 'true',
    focusable: 'false',
    class: 'ctl-icon',
  });
  const parts: SVGElement[] = [];
  switch (name) {
    case 'mic':
      parts.push(
        svgEl('rect', { x: '9', y: '3', width: '6', height: '11', rx: '3' }),
        svgEl('path', { d: 'M5 11a7 7 0 0 0 14 0' }),
        svgEl('line', { x1: '12', y1: '18', x2: '12', y2: '21' }),
      );
      break;
    case 'camera':
      parts.push(svgEl('rect', { x: '2', y: '6', width: '13', height: '12', rx: '2' }), svgEl('path', { d: 'M15 10l6-3.5v11L15 14z' }));
      break;
    case 'screen':
      parts.push(
        svgEl('rect', { x: '2', y: '4', width: '20', height: '13', rx: '2' }),
        svgEl('line', { x1: '8', y1: '21', x2: '16', y2: '21' }),
        svgEl('line', { x1: '12', y1: '17', x2: '12', y2: '21' }),
        svgEl('path', { d: 'M9 11l3-3 3 3M12 8v6' }),
      );
      break;
    case 'people':
      parts.push(
        svgEl('circle', { cx: '9', cy: '8', r: '3' }),
        svgEl('path', { d: 'M3 20c0-3.3 2.7-6 6-6s6 2.7 6 6' }),
        svgEl('circle', { cx: '17', cy: '9', r: '2.5' }),
        svgEl('path', { d: 'M16 14.2c2.8.4 5 2.8 5 5.8' }),
      );
      break;
    case 'chat':
      parts.push(svgEl('path', { d: 'M4 4h16v11H10l-6 5z' }));
      break;
    case 'leave':
      parts.push(
        svgEl('path', { d: 'M10 4H5v16h5' }),
        svgEl('line', { x1: '10', y1: '12', x2: '21', y2: '12' }),
        svgEl('path', { d: 'M17 8l4 4-4 4' }),
      );
      break;
    case 'end':
      parts.push(svgEl('circle', { cx: '12', cy: '12', r: '9' }), svgEl('rect', { x: '9', y: '9', width: '6', height: '6' }));
      break;
  }
  // The "off" slash; shown by CSS only when a toggle is off, so the state never depends on colour.
  if (name === 'mic' || name === 'camera') parts.push(svgEl('line', { x1: '3', y1: '3', x2: '21', y2: '21', class: 'ctl-slash' }));
  svg.append(...parts);
  return svg;
}

/** Feature detection: phone browsers have no getDisplayMedia. */
export function canShareScreen(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getDisplayMedia === 'function';
}

interface Toggle {
  button: HTMLButtonElement;
  state: HTMLElement;
}

export class ControlsBar {
  readonly element: HTMLElement;
  private readonly mic: Toggle;
  private readonly cam: Toggle;
  private readonly screen: Toggle;
  private readonly attendees: HTMLButtonElement;
  private readonly chat: HTMLButtonElement;
  private readonly chatBadge: HTMLElement;
  private readonly leave: HTMLButtonElement;
  private readonly end: HTMLButtonElement | null;
  private readonly role: 'provider' | 'client';
  private resizeObserver: ResizeObserver | null = null;

  constructor(
    private readonly actions: ControlsActions,
    opts: { role: 'provider' | 'client' },
  ) {
    this.role = opts.role;
    this.mic = this.toggle('mic', tr('microphone'), () => this.actions.toggleAudio());
    this.cam = this.toggle('camera', tr('camera'), () => this.actions.toggleVideo());
    this.screen = this.toggle('screen', tr('shareScreen'), () => this.actions.toggleScreen(), [tr('sharing'), '']);
    this.attendees = this.plain('people', tr('attendees'), () => this.actions.togglePanel('attendees'), 'ctl-panel');
    this.attendees.setAttribute('aria-expanded', 'false');
    this.chatBadge = h('span', { class: 'ctl-badge', 'aria-hidden': 'true', hidden: true });
    this.chat = this.plain('chat', tr('chat'), () => this.actions.togglePanel('chat'), 'ctl-panel');
    this.chat.setAttribute('aria-expanded', 'false');
    this.chat.append(this.chatBadge);
    this.leave = this.plain('leave', tr('leave'), () => this.actions.leave(), 'ctl-leave');
    this.end = opts.role === 'provider' ? this.plain('end', tr('end'), () => this.actions.endSession(), 'ctl-end') : null;

    this.element = h(
      'div',
      { class: 'controls-bar', role: 'group', 'aria-label': tr('barLabel'), 'data-role': opts.role },
      h('div', { class: 'ctl-group ctl-media' }, this.mic.button, this.cam.button, this.screen.button),
      h('div', { class: 'ctl-group ctl-panels' }, this.attendees, this.chat),
      h('div', { class: 'ctl-group ctl-exit' }, this.leave, this.end),
    );
    // Until the camera and microphone have been opened the toggles show no state at all: not "Off"
    // in red for the moment it takes (data-pending, cleared by the first setMedia).
    for (const t of [this.mic, this.cam]) t.button.dataset.pending = 'true';
    this.setInCall(false, false);
    this.publishHeight();
  }

  setMedia(state: { audio: boolean; video: boolean; screen: boolean }): void {
    for (const t of [this.mic, this.cam]) delete t.button.dataset.pending;
    this.setToggle(this.mic, state.audio);
    this.setToggle(this.cam, state.video);
    this.setToggle(this.screen, state.screen);
  }

  setUnreadChat(n: number): void {
    const count = Math.max(0, Math.floor(n));
    this.chatBadge.hidden = count === 0;
    this.chatBadge.textContent = count > 99 ? '99+' : String(count);
    this.chat.setAttribute('aria-label', count === 0 ? tr('chat') : tr('chatUnread', { count }));
  }

  focusPanelButton(panel: 'attendees' | 'chat'): void {
    (panel === 'chat' ? this.chat : this.attendees).focus();
  }

  setPanel(open: 'attendees' | 'chat' | null): void {
    this.attendees.setAttribute('aria-expanded', String(open === 'attendees'));
    this.chat.setAttribute('aria-expanded', String(open === 'chat'));
  }

  /** The microphone and camera toggles, for the pre-join to show next to the preview. */
  get mediaToggles(): HTMLButtonElement[] {
    return [this.mic.button, this.cam.button];
  }

  /** Puts the microphone and camera toggles back in the bar (after the pre-join borrowed them). */
  reclaimMediaToggles(): void {
    const group = this.element.querySelector('.ctl-media');
    if (this.mic.button.parentElement !== group) group?.prepend(this.mic.button, this.cam.button);
  }

  /**
   * Screen sharing is offered only when it can work: someone else is in the call to see it, and this
   * browser can share a screen at all (phone browsers cannot: no getDisplayMedia). A client in the
   * waiting room has no attendees to look at either; the provider keeps the Attendees button, which
   * also shows who is waiting.
   */
  setInCall(inCall: boolean, othersInCall: boolean): void {
    this.screen.button.hidden = !(inCall && othersInCall && canShareScreen());
    this.attendees.hidden = !inCall && this.role === 'client';
    this.element.dataset.inCall = String(inCall);
  }

  /** Stops updating the --vb-controls-height CSS variable. */
  destroy(): void {
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
  }

  private toggle(name: IconName, label: string, onClick: () => void, stateText: [string, string] = [tr('on'), tr('off')]): Toggle {
    const state = h('span', { class: 'ctl-state', 'aria-hidden': 'true' });
    // No aria-label: the name comes from the visible label, and the state word ("Off") is announced
    // through aria-pressed, so what one sees is what one says to voice control.
    const b = h('button', { type: 'button', class: `ctl-btn ctl-toggle ctl-${name}`, 'aria-pressed': 'false' });
    b.dataset.on = stateText[0];
    b.dataset.off = stateText[1];
    b.append(icon(name), h('span', { class: 'ctl-label', text: label }), state);
    b.addEventListener('click', onClick);
    return { button: b, state };
  }

  private plain(name: IconName, label: string, onClick: () => void, extra: string): HTMLButtonElement {
    const b = h('button', { type: 'button', class: `ctl-btn ${extra}` }, icon(name), h('span', { class: 'ctl-label', text: label }));
    b.addEventListener('click', onClick);
    return b;
  }

  private setToggle(t: Toggle, on: boolean): void {
    t.button.setAttribute('aria-pressed', String(on));
    t.state.textContent = (on ? t.button.dataset.on : t.button.dataset.off) ?? '';
  }

  /** Lets side panels (visit-controls.css) stop just above the bar, however many rows it wraps to. */
  private publishHeight(): void {
    if (typeof ResizeObserver === 'undefined') return;
    this.resizeObserver = new ResizeObserver(() => {
      const height = this.element.isConnected ? this.element.getBoundingClientRect().height : 0;
      document.documentElement.style.setProperty('--vb-controls-height', `${Math.ceil(height)}px`);
    });
    this.resizeObserver.observe(this.element);
  }
}
