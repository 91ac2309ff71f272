// The chat side panel. Text chat is relayed by the server and never stored, so the panel says plainly
// who can read the current channel. Every message goes in as text (textContent), never as HTML.
//
// Channels: a participant writes to one channel at a time (the waiting room, then the call). Messages
// from the other channel are kept in the same list, marked "In the waiting room" / "In the call", so
// the conversation does not vanish when a client is admitted.
import type { ChatChannel } from '../../shared/protocol.js';
import { MAX_CHAT_CHARS } from '../../shared/constants.js';
import { button, formatTime, h } from './dom.js';
import { pageLocale, wordsOf } from '../i18n/page-words.js';
import { chatMessages } from '../../shared/i18n/catalogues/chat.js';

const tr = wordsOf(chatMessages);

export interface ChatPanelActions {
  send(channel: ChatChannel, text: string): void;
  /** Optional: called whenever `unread` changes (for ControlsBar.setUnreadChat). */
  unreadChanged?(n: number): void;
  /** Optional: adds a "Close chat" button and closes on Escape (on phones the panel covers the video). */
  close?(): void;
}

export interface ChatMessage {
  channel: ChatChannel;
  fromName: string;
  mine: boolean;
  text: string;
  at: number;
}

/** Oldest messages are dropped from the screen beyond this many. */
const MAX_SHOWN = 500;
/** The "characters left" hint appears this close to the limit. */
const COUNT_FROM = 200;

let nextId = 0;

export class ChatPanel {
  readonly element: HTMLElement;
  /**
   * While the panel is closed its log is hidden and says nothing: this status, placed outside the
   * panel, tells screen readers who wrote (never what), as the unread count shows it on the button.
   */
  readonly announcer = h('p', { class: 'sr-only', role: 'status' });
  private readonly audience: HTMLElement;
  private readonly log: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly counter: HTMLElement;
  private readonly entries: { channel: ChatChannel; el: HTMLElement; where: HTMLElement }[] = [];
  private readonly role: 'provider' | 'client';
  private channel: ChatChannel = 'waiting';
  private groupVisit = false;
  private open = false;
  private unreadCount = 0;

  constructor(
    private readonly actions: ChatPanelActions,
    opts: { role: 'provider' | 'client' },
  ) {
    const id = `vb-chat-${++nextId}`;
    this.role = opts.role;
    this.audience = h('p', { class: 'chat-audience', id: `${id}-audience` });
    this.empty = h('p', { class: 'chat-empty muted', text: tr('noMessages') });
    this.log = h('div', { class: 'chat-log', role: 'log', 'aria-live': 'polite', 'aria-label': tr('logLabel'), tabindex: '0' }, this.empty);
    this.counter = h('p', { class: 'chat-counter muted', id: `${id}-counter`, hidden: true });
    this.input = h('textarea', {
      id: `${id}-input`,
      class: 'chat-input',
      rows: '2',
      maxlength: String(MAX_CHAT_CHARS),
      'aria-describedby': `${id}-audience`,
      autocomplete: 'off',
      placeholder: tr('placeholder'),
    });
    const form = h(
      'form',
      { class: 'chat-form' },
      h('label', { for: `${id}-input`, class: 'chat-label', text: tr('message') }),
      h('div', { class: 'chat-compose' }, this.input, h('button', { type: 'submit', class: 'primary chat-send', text: tr('send') })),
      this.counter,
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    this.input.addEventListener('keydown', (e) => {
      // Enter sends; Shift+Enter is a new line. Not while an input method is composing (Japanese, Chinese, …).
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener('input', () => this.updateCounter());

    const header = h('div', { class: 'side-panel-header' }, h('h2', { id: `${id}-heading`, text: tr('heading') }));
    if (actions.close) {
      const close = actions.close.bind(actions);
      header.append(button(tr('close'), close, { class: 'side-panel-close' }));
      this.element = h('section', { class: 'side-panel chat-panel', 'aria-labelledby': `${id}-heading`, hidden: true }, header);
      this.element.addEventListener('keydown', (e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.preventDefault();
          close();
        }
      });
    } else {
      this.element = h('section', { class: 'side-panel chat-panel', 'aria-labelledby': `${id}-heading`, hidden: true }, header);
    }
    this.element.append(this.audience, this.log, form);
    this.setChannel(this.channel, { groupVisit: false });
  }

  /** Which channel the composer writes to, and so which audience the panel describes. */
  setChannel(channel: ChatChannel, opts: { groupVisit: boolean }): void {
    this.channel = channel;
    this.groupVisit = opts.groupVisit;
    this.audience.textContent = this.audienceText();
    this.element.dataset.channel = channel;
    for (const e of this.entries) e.where.hidden = e.channel === channel;
  }

  add(msg: ChatMessage): void {
    const nearBottom = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 48;
    const when = new Date(msg.at);
    const where = h('span', { class: 'chat-where', text: msg.channel === 'waiting' ? tr('inWaitingRoom') : tr('inCall') });
    where.hidden = msg.channel === this.channel;
    const el = h(
      'div',
      { class: msg.mine ? 'chat-msg mine' : 'chat-msg', 'data-channel': msg.channel },
      h(
        'p',
        { class: 'chat-meta' },
        h('span', { class: 'chat-from', text: msg.mine ? tr('you') : msg.fromName }),
        h('time', {
          class: 'chat-time',
          datetime: Number.isFinite(msg.at) ? when.toISOString() : undefined,
          text: Number.isFinite(msg.at) ? formatTime(msg.at, pageLocale()) : '',
        }),
        where,
      ),
      h('p', { class: 'chat-text', text: msg.text }),
    );
    this.empty.hidden = true;
    this.log.append(el);
    this.entries.push({ channel: msg.channel, el, where });
    while (this.entries.length > MAX_SHOWN) this.entries.shift()?.el.remove();
    if (nearBottom || msg.mine) this.scrollToEnd();
    if (!this.open && !msg.mine) {
      this.setUnread(this.unreadCount + 1);
      const n = this.unreadCount;
      this.announcer.textContent = n === 1 ? tr('newMessage', { name: msg.fromName }) : tr('newMessages', { count: n, name: msg.fromName });
    }
  }

  /** Messages from others that arrived while the panel was closed. */
  get unread(): number {
    return this.unreadCount;
  }

  /** Shows or hides the panel; opening it marks everything read. */
  setOpen(open: boolean): void {
    this.open = open;
    this.element.hidden = !open;
    if (open) {
      this.setUnread(0);
      this.announcer.textContent = '';
      this.scrollToEnd();
    }
  }

  /** Puts the cursor in the message box (e.g. right after the Chat button opened the panel). */
  focus(): void {
    this.input.focus();
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (!text) {
      this.input.value = '';
      this.input.focus();
      return;
    }
    // The server sends the message back to everyone who can read it, the sender included; it shows
    // up through add() then, not here.
    this.actions.send(this.channel, text.slice(0, MAX_CHAT_CHARS));
    this.input.value = '';
    this.updateCounter();
    this.input.focus();
  }

  private audienceText(): string {
    const notSaved = tr('notSaved');
    if (this.channel === 'call') return tr(this.groupVisit && this.role === 'client' ? 'callGroupClient' : 'call', { notSaved });
    if (this.role === 'provider') return tr(this.groupVisit ? 'waitingGroupProvider' : 'waitingProvider', { notSaved });
    return tr(this.groupVisit ? 'waitingGroupClient' : 'waitingClient', { notSaved });
  }

  private updateCounter(): void {
    const left = MAX_CHAT_CHARS - this.input.value.length;
    this.counter.hidden = left > COUNT_FROM;
    this.counter.textContent = left === 1 ? tr('oneCharacterLeft') : tr('charactersLeft', { count: left });
  }

  private setUnread(n: number): void {
    if (n === this.unreadCount) return;
    this.unreadCount = n;
    this.actions.unreadChanged?.(n);
  }

  private scrollToEnd(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }
}
