// Who follows which visit without being in it (the practice dashboard's live status). The hub tells
// them after every change to a visit, from this node or another, and keeps a watched visit's replica
// loaded while anyone watches it.
import type { LiveVisit } from './live-visit.js';

export type VisitWatcher = (visit: LiveVisit) => void;

export class VisitWatchers {
  private readonly byVisit = new Map<string, Set<VisitWatcher>>();

  add(appointmentId: string, watcher: VisitWatcher): void {
    let set = this.byVisit.get(appointmentId);
    if (!set) this.byVisit.set(appointmentId, (set = new Set()));
    set.add(watcher);
  }

  /** Returns whether the watcher was there (so a second call changes nothing). */
  remove(appointmentId: string, watcher: VisitWatcher): boolean {
    const set = this.byVisit.get(appointmentId);
    if (!set?.delete(watcher)) return false;
    if (set.size === 0) this.byVisit.delete(appointmentId);
    return true;
  }

  watching(appointmentId: string): boolean {
    return this.byVisit.has(appointmentId);
  }

  notify(visit: LiveVisit): void {
    for (const watcher of this.byVisit.get(visit.appointment.id) ?? []) watcher(visit);
  }
}
