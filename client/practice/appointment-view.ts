// One appointment on the dashboard: time, clients, Start visit for its therapist, and an expandable
// detail with each participant's link (Copy link, New link, Revoke), and its changes (reschedule,
// video, cancel) when the list it is in can be drawn again.
import { button, h } from '../ui/dom.js';
import { type Appointment, issueLink, type Participant, revokeLinks, type Staff } from './api.js';
import { appointmentChanges } from './appointment-changes.js';
import { describeError, messageArea } from './ui.js';

/** The provider may open the visit from this long before it starts (as the visit links allow). */
export const OPENS_BEFORE_MS = 15 * 60_000;

/** In the viewer's time zone, named at the end ("Mon, Nov 30, 3:00 PM – 3:50 PM EST"). */
const when = (a: Appointment) => {
  const fmt = new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
  const end = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
  return `${fmt.format(new Date(a.startsAt))} – ${end.format(new Date(a.endsAt))}`;
};

export function canStart(a: Appointment, me: Staff, now = Date.now()): boolean {
  return (
    a.therapistId === me.id && a.video && !a.cancelled && now >= Date.parse(a.startsAt) - OPENS_BEFORE_MS && now < Date.parse(a.endsAt)
  );
}

function participantRow(a: Appointment, p: Participant, me: Staff): HTMLElement {
  const label = p.role === 'provider' ? `${p.name} (therapist)` : p.name;
  const linkInput = h('input', { type: 'text', readonly: true, 'aria-label': `Link for ${p.name}`, class: 'link-output' });
  linkInput.hidden = true;
  const message = messageArea();
  const newLink = async () => {
    message.clear();
    try {
      const { url } = await issueLink(a.id, p.id);
      linkInput.value = url;
      linkInput.hidden = false;
      return url;
    } catch (e) {
      message.show(describeError(e));
      return null;
    }
  };
  const copy = async () => {
    const url = linkInput.value || (await newLink());
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      message.show('Link copied.', 'ok');
    } catch {
      linkInput.select();
      message.show('Copy the link from the box.', 'ok');
    }
  };
  const revoke = async () => {
    message.clear();
    try {
      await revokeLinks(a.id, p.id);
      linkInput.value = '';
      linkInput.hidden = true;
      message.show('Every link of this participant is withdrawn.', 'ok');
    } catch (e) {
      message.show(describeError(e));
    }
  };
  // A client's link is handed over; the therapist's own link is only for Start visit, so it is not shown.
  const actions =
    p.role === 'client'
      ? h(
          'div',
          { class: 'actions' },
          button('Copy link', () => void copy()),
          button('New link', () => void newLink()),
          button('Revoke', () => void revoke()),
        )
      : a.therapistId === me.id
        ? h(
            'div',
            { class: 'actions' },
            button('Revoke', () => void revoke()),
          )
        : null;
  return h('li', { class: 'participant' }, h('h4', { text: label }), actions, linkInput, message.el);
}

/**
 * Opens the visit as its provider (a fresh provider link). With `admitId`, the visit page focuses that
 * waiting person's Admit button once it shows them.
 */
export async function startVisit(a: Appointment, admitId?: string): Promise<void> {
  const provider = a.participants.find((p) => p.role === 'provider');
  if (!provider) return;
  // The long form: the visit page reads the Admit hint from beside the token in the fragment.
  const { longUrl } = await issueLink(a.id, provider.id);
  location.assign(admitId ? `${longUrl}&admit=${encodeURIComponent(admitId)}` : longUrl);
}

export function appointmentItem(a: Appointment, me: Staff, onChanged?: () => Promise<void>): HTMLElement {
  const clients = a.participants.filter((p) => p.role === 'client').map((p) => p.name);
  const heading = `${when(a)}: ${clients.join(', ')}`;
  const message = messageArea();
  const start = canStart(a, me)
    ? button('Start visit', () => void startVisit(a).catch((e: unknown) => message.show(describeError(e))), { class: 'primary' })
    : null;
  const detail = h(
    'details',
    {},
    h('summary', { text: 'Participants and links' }),
    h('ul', { class: 'participants' }, ...a.participants.map((p) => participantRow(a, p, me))),
  );
  const tags = [a.video ? 'Video' : 'In person', a.cancelled ? 'Cancelled' : ''].filter(Boolean).join(' · ');
  return h(
    'li',
    { class: 'appointment', 'data-appointment': a.id },
    h('h3', { text: heading }),
    h('p', { class: 'tags', text: tags }),
    start,
    message.el,
    detail,
    onChanged && !a.cancelled ? appointmentChanges(a, onChanged) : null,
  );
}
