// The live board's prominent alerts: "<client> has been waiting since 10:02" for each client waiting
// two minutes past a visit's start while its therapist has not opened it, with a button that opens the
// visit at that client's Admit button. Each alert is made once and kept while it holds, so a screen
// reader announces it once and a focused button stays focused through updates.
import { button, formatTime, h } from '../ui/dom.js';

export interface WaitingAlert {
  key: string;
  name: string;
  waitingSince: number;
  open(): void;
}

export class WaitingAlertList {
  readonly el = h('div', { class: 'waiting-alerts' });
  private readonly shown = new Map<string, HTMLElement>();

  /** Shows exactly these alerts (in this order), keeping those already shown. */
  show(alerts: WaitingAlert[]): void {
    const wanted = new Set(alerts.map((a) => a.key));
    for (const [key, el] of this.shown) {
      if (wanted.has(key)) continue;
      el.remove();
      this.shown.delete(key);
    }
    for (const a of alerts) {
      if (this.shown.has(a.key)) continue;
      const el = h(
        'div',
        { class: 'waiting-alert', role: 'alert' },
        h('p', { text: `${a.name} has been waiting since ${formatTime(a.waitingSince)}` }),
        button('Open the visit', a.open, { class: 'primary' }),
      );
      this.shown.set(a.key, el);
      this.el.append(el);
    }
  }
}
