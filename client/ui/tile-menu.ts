// The "more options" menu in the corner of a video tile (the WAI-ARIA menu-button pattern). On
// someone else's tile: make their video the main one, full screen, and for the provider mute them or
// stop their video. On your own tile: hide the self view, move it, or open the audio and video settings.
import { h } from './dom.js';
import { wordsOf } from '../i18n/page-words.js';
import { visitControlsMessages } from '../../shared/i18n/catalogues/visit-controls.js';

const tr = wordsOf(visitControlsMessages);

/** What the menu on another participant's tile can do. */
export interface PeerTileActions {
  makeMain(): void;
  fullscreen(): void;
  /** Provider only. */
  mute(): void;
  /** Provider only. */
  stopVideo(): void;
}

/** What the menu on one's own tile can do. */
export interface SelfTileActions {
  toggleSelfView(): void;
  moveSelfView(): void;
  fullscreen(): void;
  openSettings(): void;
}

export type TileMenuOptions =
  | { kind: 'peer'; participantName: string; viewerIsProvider: boolean; actions: PeerTileActions }
  | { kind: 'self'; actions: SelfTileActions };

export interface TileMenuState {
  selfViewHidden?: boolean;
  isMain?: boolean;
  /** false: their microphone is already off, so "Mute" is unavailable. undefined: not known. */
  remoteAudioOn?: boolean;
  /** false: their camera is already off, so "Stop video" is unavailable. undefined: not known. */
  remoteVideoOn?: boolean;
}

type ItemKey = 'main' | 'mute' | 'stop' | 'self' | 'move' | 'full' | 'settings';

let nextId = 0;

function dots(): SVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  for (const [k, v] of Object.entries({
    viewBox: '0 0 24 24',
    width: '24',
    height: '24',
    fill: 'currentColor',
    'aria-hidden': 'true',
    focusable: 'false',
  })) {
    svg.setAttribute(k, v);
  }
  for (const cy of ['5', '12', '19']) {
    const c = document.createElementNS(ns, 'circle');
    c.setAttribute('cx', '12');
    c.setAttribute('cy', cy);
    c.setAttribute('r', '2');
    svg.append(c);
  }
  return svg;
}

export class TileMenu {
  readonly element: HTMLElement;
  private readonly trigger: HTMLButtonElement;
  private readonly menu: HTMLElement;
  private readonly items = new Map<ItemKey, HTMLButtonElement>();
  private readonly state: TileMenuState = {};
  private readonly onDocPointerDown = (e: Event): void => {
    if (!(e.target instanceof Node) || !this.element.contains(e.target)) this.close(false);
  };
  private readonly onWindowChange = (): void => this.close(false);
  private readonly onScroll = (): void => this.place();

  constructor(opts: TileMenuOptions) {
    const id = `vb-tile-menu-${++nextId}`;
    this.trigger = h('button', {
      type: 'button',
      class: 'tile-menu-button',
      id: `${id}-button`,
      'aria-label': opts.kind === 'self' ? tr('optionsForYou') : tr('optionsFor', { name: opts.participantName }),
      'aria-haspopup': 'menu',
      'aria-expanded': 'false',
      'aria-controls': `${id}-menu`,
    });
    this.trigger.append(dots());
    this.menu = h('div', { class: 'tile-menu-list', role: 'menu', id: `${id}-menu`, 'aria-labelledby': `${id}-button`, hidden: true });

    if (opts.kind === 'self') this.addSelfItems(opts.actions);
    else this.addPeerItems(opts.actions, opts.viewerIsProvider);

    this.element = h('div', { class: 'tile-menu' }, this.trigger, this.menu);
    this.trigger.addEventListener('click', () => (this.isOpen ? this.close(true) : this.open('first')));
    this.trigger.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        this.open(e.key === 'ArrowDown' ? 'first' : 'last');
      }
    });
    this.menu.addEventListener('keydown', (e) => this.onMenuKey(e));
  }

  private addPeerItems(a: PeerTileActions, viewerIsProvider: boolean): void {
    this.addItem('main', tr('makeMain'), () => a.makeMain());
    if (viewerIsProvider) {
      this.addItem('mute', tr('mute'), () => a.mute());
      this.addItem('stop', tr('stopVideo'), () => a.stopVideo());
    }
    this.addItem('full', tr('fullscreen'), () => a.fullscreen());
  }

  private addSelfItems(a: SelfTileActions): void {
    this.addItem('self', tr('hideSelf'), () => a.toggleSelfView());
    this.addItem('move', tr('moveSelf'), () => a.moveSelfView());
    this.addItem('full', tr('fullscreen'), () => a.fullscreen());
    this.addItem('settings', tr('settings'), () => a.openSettings());
  }

  update(opts: TileMenuState): void {
    for (const key of ['selfViewHidden', 'isMain', 'remoteAudioOn', 'remoteVideoOn'] as const) {
      if (key in opts) this.state[key] = opts[key];
    }
    this.setText('main', this.state.isMain ? tr('shrink') : tr('makeMain'));
    this.setText('self', this.state.selfViewHidden ? tr('showSelf') : tr('hideSelf'));
    this.setDisabled('mute', this.state.remoteAudioOn === false);
    this.setDisabled('stop', this.state.remoteVideoOn === false);
  }

  get isOpen(): boolean {
    return !this.menu.hidden;
  }

  /** Opens the menu and focuses its first (or last) item. */
  open(focus: 'first' | 'last' = 'first'): void {
    if (!this.isOpen) {
      this.menu.hidden = false;
      this.trigger.setAttribute('aria-expanded', 'true');
      this.place();
      document.addEventListener('pointerdown', this.onDocPointerDown, true);
      window.addEventListener('resize', this.onWindowChange);
      window.addEventListener('scroll', this.onScroll, true);
    }
    const list = this.visibleItems();
    (focus === 'first' ? list[0] : list[list.length - 1])?.focus();
  }

  close(returnFocus: boolean): void {
    if (!this.isOpen) return;
    this.menu.hidden = true;
    this.trigger.setAttribute('aria-expanded', 'false');
    document.removeEventListener('pointerdown', this.onDocPointerDown, true);
    window.removeEventListener('resize', this.onWindowChange);
    window.removeEventListener('scroll', this.onScroll, true);
    if (returnFocus) this.trigger.focus();
  }

  /** Closes the menu and drops document listeners; call when the tile goes away. */
  destroy(): void {
    this.close(false);
  }

  private addItem(key: ItemKey, label: string, run: () => void): void {
    const item = h('button', { type: 'button', role: 'menuitem', tabindex: '-1', class: 'tile-menu-item', text: label });
    item.addEventListener('click', () => {
      if (item.getAttribute('aria-disabled') === 'true') return;
      // Close first so focus is back on the menu button before the action runs (a dialog opened by
      // the action then returns focus there when it closes). The action still runs inside the click,
      // so fullscreen requests keep their user activation.
      this.close(true);
      run();
    });
    this.items.set(key, item);
    this.menu.append(item);
  }

  private setText(key: ItemKey, text: string): void {
    const item = this.items.get(key);
    if (item && item.textContent !== text) item.textContent = text;
  }

  private setDisabled(key: ItemKey, disabled: boolean): void {
    const item = this.items.get(key);
    if (!item) return;
    // aria-disabled rather than disabled: the item stays in the arrow-key order, as the menu pattern asks.
    if (disabled) item.setAttribute('aria-disabled', 'true');
    else item.removeAttribute('aria-disabled');
  }

  private visibleItems(): HTMLButtonElement[] {
    return [...this.items.values()].filter((i) => !i.hidden);
  }

  private onMenuKey(e: KeyboardEvent): void {
    const list = this.visibleItems();
    if (list.length === 0) return;
    const at = list.indexOf(document.activeElement as HTMLButtonElement);
    const go = (i: number) => list[(i + list.length) % list.length]?.focus();
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        go(at + 1);
        break;
      case 'ArrowUp':
        e.preventDefault();
        go(at < 0 ? -1 : at - 1);
        break;
      case 'Home':
        e.preventDefault();
        go(0);
        break;
      case 'End':
        e.preventDefault();
        go(-1);
        break;
      case 'Escape':
        e.preventDefault();
        e.stopPropagation(); // don't also close a dialog or panel around the tile
        this.close(true);
        break;
      case 'Tab':
        // Let Tab move on from the menu button, as if the menu had not been open.
        this.trigger.focus();
        this.close(false);
        break;
      default:
        if (e.key.length === 1 && /\S/.test(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey) {
          // Type-ahead: the next item starting with that letter.
          const ch = e.key.toLowerCase();
          for (let step = 1; step <= list.length; step++) {
            const cand = list[(at + step + list.length) % list.length];
            if (cand?.textContent?.trim().toLowerCase().startsWith(ch)) {
              cand.focus();
              break;
            }
          }
        }
    }
  }

  /**
   * Tiles clip their content (overflow: hidden), so the open menu is position: fixed and placed here,
   * below the button if it fits, else above it, else wherever it fits with its own scrolling.
   */
  private place(): void {
    if (!this.isOpen) return;
    const m = this.menu.style;
    m.maxHeight = '';
    const b = this.trigger.getBoundingClientRect();
    const vw = document.documentElement.clientWidth || window.innerWidth;
    const vh = window.innerHeight;
    const margin = 8;
    const menuRect = this.menu.getBoundingClientRect();
    const width = Math.min(menuRect.width, vw - 2 * margin);
    const height = menuRect.height;
    let top = b.bottom + 4;
    if (top + height > vh - margin) {
      const above = b.top - 4 - height;
      top = above >= margin ? above : Math.max(margin, vh - margin - height);
    }
    if (top + height > vh - margin) m.maxHeight = `${vh - 2 * margin}px`;
    const left = Math.min(Math.max(margin, b.right - width), vw - margin - width);
    m.top = `${Math.round(top)}px`;
    m.left = `${Math.round(left)}px`;
  }
}
