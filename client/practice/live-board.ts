// The live status on the dashboard's appointments of today: under each visit, one line per person
// (in words, not colour: "waiting since 10:02, ready"), a status line that announces arrivals to
// screen readers and everyone, the waiting count in the tab title with a chime (ArrivalAlerts), and
// a notification whose click opens the visit with the arriving person's Admit button focused. Running
// late: an alert for a client waiting two minutes past the start in a visit not yet opened, and "Not
// arrived yet" with "Send the link again" for a client absent five minutes past the start (the
// server works both out on its clock and sends them on the channel).
import { type LiveParticipantStatus, type LiveVisitStatus, waitingCount } from '../../shared/live-status.js';
import { ArrivalAlerts } from '../ui/arrival-alerts.js';
import { formatTime, h } from '../ui/dom.js';
import type { Appointment, Participant } from './api.js';
import { notifyArrival } from './notifications.js';
import { resendControl } from './resend-control.js';
import { type WaitingAlert, WaitingAlertList } from './waiting-alerts.js';

export interface LiveBoardOptions {
  /** The appointments as last loaded (names come from here; the channel carries ids only). */
  appointments(): Appointment[];
  /** Opens the visit as its provider, focusing the Admit button of `admitId`. */
  openVisit(a: Appointment, admitId: string): void;
}

export class LiveBoard {
  /** Announces arrivals (polite: it does not interrupt). */
  readonly announcer = h('p', { class: 'message arrivals', role: 'status', 'aria-live': 'polite' });
  private readonly statuses = new Map<string, LiveVisitStatus>();
  private readonly alerts = new ArrivalAlerts();
  /** "… has been waiting since …" for visits not opened two minutes past their start. */
  readonly waitingAlerts = new WaitingAlertList();
  /** One line per person, kept between updates (a focused "Send the link again" stays focused). */
  private readonly lines = new Map<string, { li: HTMLElement; text: HTMLElement; resend: HTMLElement | null }>();

  constructor(private readonly opts: LiveBoardOptions) {}

  update(status: LiveVisitStatus): void {
    const before = this.statuses.get(status.appointmentId);
    this.statuses.set(status.appointmentId, status);
    // The first status of a visit is how things stand, not news: only later arrivals are announced.
    if (before)
      for (const p of status.participants)
        if (isWaiting(p) && !before.participants.some((b) => b.id === p.id && isWaiting(b))) this.arrived(status, p);
    this.alerts.setWaiting([...this.statuses.values()].reduce((n, s) => n + waitingCount(s.participants), 0));
  }

  /** Draws the status lines into the appointments drawn in `container` (call after each redraw too). */
  render(container: HTMLElement): void {
    for (const a of this.opts.appointments()) {
      const status = this.statuses.get(a.id);
      const item = container.querySelector<HTMLElement>(`[data-appointment="${CSS.escape(a.id)}"]`);
      if (!status || !item) continue;
      let list = item.querySelector<HTMLElement>('.live-status');
      if (!list) {
        list = h('ul', { class: 'live-status', 'aria-label': 'Who is here now' });
        item.querySelector('h3')?.after(list);
      }
      const items = status.participants.map((p) => this.line(a, status, p));
      // Put back only when the people changed: moving a focused button would lose its focus.
      if (items.length !== list.children.length || items.some((li, i) => list.children[i] !== li)) list.replaceChildren(...items);
    }
    this.waitingAlerts.show(this.waitingAlertsNow());
  }

  private line(a: Appointment, status: LiveVisitStatus, p: LiveParticipantStatus): HTMLElement {
    const key = `${a.id}:${p.id}`;
    let line = this.lines.get(key);
    if (!line) {
      const text = h('span');
      line = { li: h('li', {}, text), text, resend: null };
      this.lines.set(key, line);
    }
    const name = nameIn(a, p.id);
    line.li.dataset.live = stateOf(p);
    line.text.textContent = p.notArrived
      ? `${name}: Not arrived yet (the visit began at ${formatTime(status.startsAt)})`
      : statusInWords(p, name);
    if (p.notArrived && !line.resend) {
      line.resend = resendControl(a.id, p.id, name);
      line.li.append(line.resend);
    } else if (!p.notArrived && line.resend) {
      line.resend.remove();
      line.resend = null;
    }
    return line.li;
  }

  private waitingAlertsNow(): WaitingAlert[] {
    const alerts: WaitingAlert[] = [];
    for (const a of this.opts.appointments()) {
      for (const p of this.statuses.get(a.id)?.participants ?? []) {
        if (!p.waitingAlert || p.waitingSince === null) continue;
        alerts.push({
          key: `${a.id}:${p.id}`,
          name: nameIn(a, p.id),
          waitingSince: p.waitingSince,
          open: () => this.opts.openVisit(a, p.id),
        });
      }
    }
    return alerts;
  }

  private arrived(status: LiveVisitStatus, p: LiveParticipantStatus): void {
    const a = this.opts.appointments().find((x) => x.id === status.appointmentId);
    if (!a) return;
    const time = formatTime(Date.parse(a.startsAt));
    this.announcer.textContent = `${nameIn(a, p.id)} is in the waiting room for the ${time} visit.`;
    notifyArrival(time, () => this.opts.openVisit(a, p.id));
  }
}

const isWaiting = (p: LiveParticipantStatus) => p.role === 'client' && p.admission === 'waiting' && p.connected;

function nameIn(a: Appointment, id: string): string {
  const p: Participant | undefined = a.participants.find((x) => x.id === id);
  if (!p) return 'Someone';
  return p.role === 'provider' ? `${p.name} (therapist)` : p.name;
}

function stateOf(p: LiveParticipantStatus): string {
  if (p.notArrived) return 'no-show';
  if (!p.connected) return p.admission === 'removed' ? 'removed' : 'away';
  return p.admission === 'waiting' ? 'waiting' : p.admission === 'admitted' ? 'in-call' : 'connected';
}

/** One person's status in words. */
export function statusInWords(p: LiveParticipantStatus, name: string): string {
  if (p.role === 'provider') return `${name}: ${p.connected ? 'in the visit' : 'not in the visit'}`;
  if (p.admission === 'removed') return `${name}: removed from the visit`;
  if (!p.connected) {
    if (p.admission === 'invited') return `${name}: not arrived yet`;
    return `${name}: ${p.admission === 'waiting' ? 'left the waiting room' : 'not connected'}`;
  }
  if (p.admission === 'admitted') return `${name}: in the call`;
  const parts = [`waiting since ${formatTime(p.waitingSince ?? Date.now())}`, p.ready ? 'ready' : 'not ready yet'];
  if (p.testSummary) parts.push(`connection test: ${p.testSummary.text}`);
  return `${name}: ${parts.join(', ')}`;
}
