// The provider's visit page while people wait: the tab title counts them and a chime repeats while
// the tab is hidden (e.g. while sharing the screen), and, when the dashboard's notification opened
// the visit (`#t=…&admit=<participantId>`), that person's Admit button gets the focus once they show.
import type { ParticipantView } from '../../shared/protocol.js';
import { ArrivalAlerts } from '../ui/arrival-alerts.js';

export class WaitingAlerts {
  private readonly alerts = new ArrivalAlerts();
  private admitId = new URLSearchParams(location.hash.slice(1)).get('admit');

  /** Call after the roster is drawn. */
  update(roster: ParticipantView[], root: HTMLElement): void {
    this.alerts.setWaiting(roster.filter((p) => p.role === 'client' && p.admission === 'waiting' && p.online).length);
    if (!this.admitId) return;
    const admit = root.querySelector<HTMLButtonElement>(
      `.waiting-entry[data-participant="${CSS.escape(this.admitId)}"] [data-action="admit"]`,
    );
    if (!admit) return;
    admit.focus();
    this.admitId = null;
  }
}
