// The date and start-time inputs of booking and rescheduling. Both are in the viewer's own time zone
// (named in the hint); the request sends the moment in UTC. A start in the past is warned about, not
// refused: a visit booked a few minutes late is still a visit.
import { h } from '../ui/dom.js';
import { field, input } from './ui.js';

export const viewerZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
export const zoneLabel = (zone = viewerZone()) => zone.replaceAll('_', ' ');

const pad = (n: number) => String(n).padStart(2, '0');
/** A moment as the date input's and time input's values, in the viewer's zone. */
export function localParts(ms: number): { date: string; time: string } {
  const d = new Date(ms);
  return { date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`, time: `${pad(d.getHours())}:${pad(d.getMinutes())}` };
}

/**
 * A start counts as the past once it is this far behind the clock: the minute being typed, or the one
 * before (someone typing the time they read off their clock is often a minute behind by the end).
 */
const PAST_AFTER_MS = 120_000;

export interface StartFields {
  /** The Date and Start time fields and the past warning, in order. */
  elements: HTMLElement[];
  /** The chosen start in UTC milliseconds, or NaN while incomplete. */
  startMs(): number;
}

export function startFields(initialMs: number): StartFields {
  const initial = localParts(initialMs);
  const date = input('date', 'date', { required: true, value: initial.date });
  const time = input('time', 'time', { required: true, value: initial.time });
  const warning = h('p', { class: 'warning', role: 'status', 'aria-live': 'polite' });
  // A date input's value is read as local wall-clock time when no offset is given.
  const startMs = () => new Date(`${date.value}T${time.value}`).getTime();
  const checkPast = () => {
    const past = Number.isFinite(startMs()) && startMs() < Date.now() - PAST_AFTER_MS;
    warning.textContent = past ? 'This start time is in the past.' : '';
  };
  date.addEventListener('input', checkPast);
  time.addEventListener('input', checkPast);
  checkPast();
  return {
    elements: [field('Date', date), field('Start time', time, `In your time zone (${zoneLabel()}).`), warning],
    startMs,
  };
}
