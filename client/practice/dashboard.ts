// The signed-in dashboard: the session check, the header with signing out, and its home screen
// (/practice): the staff member's appointments (today and the next two weeks) and the forms to add a
// client and book a visit. The other screens are in screens.ts.
import { button, h } from '../ui/dom.js';
import * as api from './api.js';
import { appointmentItem, canStart, startVisit } from './appointment-view.js';
import { newClientForm, newVisitForm } from './forms.js';
import { type LiveChannel, openLiveChannel } from './live-channel.js';
import { LiveBoard } from './live-board.js';
import { type Screen, startScreens } from './nav.js';
import { notificationControl } from './notifications.js';
import { totpSection } from './totp-setup.js';
import { describeError, messageArea, mount } from './ui.js';

const DAY = 86_400_000;
const UPCOMING_DAYS = 14;

interface State {
  me: api.Staff;
  appointments: api.Appointment[];
  clients: api.Client[];
  therapists: api.Therapist[];
}

function startOfToday(): number {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

function appointmentSection(
  title: string,
  id: string,
  list: api.Appointment[],
  me: api.Staff,
  onChanged: () => Promise<void>,
): HTMLElement {
  return h(
    'section',
    { 'aria-labelledby': id },
    h('h2', { id, text: title }),
    list.length
      ? h('ul', { class: 'appointments' }, ...list.map((a) => appointmentItem(a, me, onChanged)))
      : h('p', { text: 'No appointments.' }),
  );
}

export async function showDashboard(screens: readonly Screen[]): Promise<void> {
  let me: api.Staff;
  try {
    const { staff, mustEnrollTotp } = await api.session();
    if (mustEnrollTotp) {
      const out = button('Sign out', () => void api.signOut().then(() => location.assign('/practice/sign-in')));
      mount(
        h('h1', { text: 'Your practice' }),
        totpSection(true, () => location.reload()),
        out,
      );
      return;
    }
    me = staff;
  } catch (e) {
    if (e instanceof api.ApiError && e.status === 401) {
      location.assign('/practice/sign-in');
      return;
    }
    mount(h('h1', { text: 'The dashboard could not load' }), h('p', { text: describeError(e) }));
    return;
  }
  startScreens(me, signedInBar(me), screens);
}

function signedInBar(me: api.Staff): HTMLElement {
  const message = messageArea();
  const signOut = async (everywhere: boolean) => {
    try {
      await (everywhere ? api.signOutEverywhere() : api.signOut());
      location.assign('/practice/sign-in');
    } catch (e) {
      message.show(describeError(e));
    }
  };
  return h(
    'header',
    { class: 'bar' },
    h('p', { text: `Signed in as ${me.name}` }),
    h(
      'div',
      { class: 'actions' },
      button('Sign out', () => void signOut(false)),
      button('Sign out everywhere', () => void signOut(true)),
    ),
    message.el,
  );
}

/** The home screen: appointments, New video visit, New client, and two-step set-up if it is off. */
export function homeScreen(me: api.Staff): HTMLElement {
  let state: State = { me, appointments: [], clients: [], therapists: [] };
  const message = messageArea();
  const appointmentsEl = h('div', { class: 'appointments-area' });
  const formsEl = h('div', { class: 'forms-area' });
  const body = h('div', { class: 'dashboard' }, appointmentsEl, formsEl);

  const refresh = async () => {
    const from = startOfToday();
    const [appts, clients, therapists] = await Promise.all([
      api.appointments(from, from + UPCOMING_DAYS * DAY),
      api.searchClients(),
      api.therapists(),
    ]);
    state = { ...state, appointments: appts.appointments, clients: clients.clients, therapists: therapists.therapists };
    render();
    live?.follow(state.appointments);
  };
  /** Which appointments could be started when the list was last drawn: redrawn only when that changes. */
  let drawnFor = '';
  const renderAppointments = (force = true) => {
    const startable = state.appointments.map((a) => `${a.id}:${canStart(a, state.me)}`).join();
    if (!force && startable === drawnFor) return;
    drawnFor = startable;
    const tomorrow = startOfToday() + DAY;
    const sorted = [...state.appointments].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
    const today = sorted.filter((a) => Date.parse(a.startsAt) < tomorrow);
    const later = sorted.filter((a) => Date.parse(a.startsAt) >= tomorrow);
    appointmentsEl.replaceChildren(
      ...(live ? [live.controls] : []),
      appointmentSection('Today', 'today-h', today, state.me, refresh),
      appointmentSection('Upcoming', 'upcoming-h', later, state.me, refresh),
    );
    live?.board.render(appointmentsEl);
  };
  // The live status of today's visits, for whoever hosts visits (a scheduler never sees one).
  const live = state.me.role === 'scheduler' ? null : liveStatus(() => state.appointments, appointmentsEl, message.show);
  const done = (text: string) =>
    void refresh()
      .then(() => message.show(text, 'ok'))
      .catch((e) => message.show(describeError(e)));
  const visitForm = newVisitForm(state.me, done);
  const clientForm = newClientForm(state.me, done);
  const render = () => {
    renderAppointments();
    visitForm.update(state.clients, state.therapists);
    clientForm.update(state.clients, state.therapists);
  };
  formsEl.append(visitForm.el, clientForm.el);
  if (!state.me.totpEnabled) formsEl.append(totpSection(false, () => undefined));
  refresh().catch((e) => message.show(describeError(e)));
  // Start visit appears 15 minutes before the start: look again every half minute, while on this screen;
  // leaving the screen also closes the live channel (each sign-in may hold only a few).
  const timer = setInterval(() => {
    if (body.isConnected) return renderAppointments(false);
    clearInterval(timer);
    live?.close();
  }, 30_000);
  return h('div', {}, message.el, body);
}

/** The live board and its channel; the channel is opened again when today's video visits change. */
function liveStatus(appointments: () => api.Appointment[], container: HTMLElement, showMessage: (text: string) => void) {
  const board = new LiveBoard({
    appointments,
    openVisit: (a, admitId) => void startVisit(a, admitId).catch((e: unknown) => showMessage(describeError(e))),
  });
  const controls = h('div', { class: 'live-controls' }, board.waitingAlerts.el, notificationControl(), board.announcer);
  let channel: LiveChannel | null = null;
  let following = '';
  return {
    board,
    controls,
    close(): void {
      channel?.close();
      channel = null;
      following = '';
    },
    follow(list: api.Appointment[]): void {
      const from = startOfToday();
      const ids = list
        .filter((a) => a.video && !a.cancelled && Date.parse(a.startsAt) < from + DAY)
        .map((a) => a.id)
        .join();
      if (ids === following) return;
      following = ids;
      channel?.close();
      channel = openLiveChannel(
        { from, to: from + DAY },
        {
          status: (s) => {
            board.update(s);
            board.render(container);
          },
          end: (reason) =>
            showMessage(
              reason === 'session_ended'
                ? 'Your session has ended. Please sign in again.'
                : 'Live status stopped. Reload the page to see it again.',
            ),
        },
      );
    },
  };
}
