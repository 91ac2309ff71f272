// The Clients screen: search by name (a therapist searches their own caseload, the other roles pick a
// therapist or everyone), open a client to edit them and see their appointments, with the same
// actions as on the home screen.
import { button, h } from '../ui/dom.js';
import * as api from './api.js';
import { appointmentItem } from './appointment-view.js';
import { clientFieldset, picksTherapist } from './client-fields.js';
import { describeError, field, input, messageArea, select } from './ui.js';

const DAY = 86_400_000;
/** A client's appointments from this long ago to this far ahead (the API takes at most 400 days). */
const PAST_DAYS = 60;
const AHEAD_DAYS = 330;

function clientAppointments(me: api.Staff, client: api.Client): HTMLElement {
  const message = messageArea();
  const list = h('ul', { class: 'appointments' });
  const load = async () => {
    const now = Date.now();
    const { appointments } = await api.appointments(now - PAST_DAYS * DAY, now + AHEAD_DAYS * DAY, client.id);
    const sorted = appointments.sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
    list.replaceChildren(...sorted.map((a) => appointmentItem(a, me, load)));
    if (!sorted.length) list.append(h('li', { text: 'No appointments.' }));
  };
  load().catch((e) => message.show(describeError(e)));
  return h(
    'section',
    { 'aria-labelledby': 'client-appointments-h' },
    h('h3', { id: 'client-appointments-h', text: 'Appointments' }),
    message.el,
    list,
  );
}

function clientDetail(me: api.Staff, client: api.Client, therapists: api.Therapist[], onSaved: () => void): HTMLElement {
  const fields = clientFieldset(me, client);
  fields.updateTherapists(therapists);
  const message = messageArea();
  const heading = h('h2', { id: 'client-detail-h', tabindex: '-1', text: client.name });
  const form = h(
    'form',
    { novalidate: true, class: 'inner', 'aria-label': 'Edit client' },
    ...fields.elements,
    message.el,
    h('button', { type: 'submit', class: 'primary', text: 'Save client' }),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    message.clear();
    const values = fields.read();
    if (typeof values === 'string') return message.show(values);
    try {
      const { client: saved } = await api.updateClient(client.id, values);
      heading.textContent = saved.name;
      message.show('The client is saved.', 'ok');
      onSaved();
    } catch (e) {
      message.show(describeError(e));
    }
  });
  return h('section', { 'aria-labelledby': heading.id, class: 'client-detail' }, heading, form, clientAppointments(me, client));
}

export function clientsScreen(me: api.Staff): HTMLElement {
  const name = input('search', 'name', { autocomplete: 'off', maxlength: '80' });
  const therapist = picksTherapist(me) ? select('therapist', [['', 'All therapists']]) : null;
  const message = messageArea();
  const results = h('ul', { class: 'clients' });
  const detail = h('div', {});
  let therapists: api.Therapist[] = [];
  const therapistName = (id: string) => therapists.find((t) => t.id === id)?.name ?? '';

  const open = async (id: string) => {
    message.clear();
    try {
      const { client } = await api.getClient(id);
      detail.replaceChildren(clientDetail(me, client, therapists, () => void search()));
      detail.querySelector<HTMLElement>('h2')?.focus();
    } catch (e) {
      message.show(describeError(e));
    }
  };
  const search = async () => {
    message.clear();
    try {
      const { clients } = await api.searchClients({
        ...(name.value.trim() ? { name: name.value.trim() } : {}),
        ...(therapist?.value ? { therapistId: therapist.value } : {}),
      });
      results.replaceChildren(
        ...clients.map((c) =>
          h(
            'li',
            {},
            button(c.name, () => void open(c.id)),
            picksTherapist(me) ? h('span', { class: 'hint', text: ` with ${therapistName(c.therapistId)}` }) : null,
          ),
        ),
      );
      if (!clients.length) message.show('No clients match.', 'ok');
    } catch (e) {
      message.show(describeError(e));
    }
  };
  const form = h(
    'form',
    { novalidate: true, role: 'search', 'aria-label': 'Find a client' },
    field('Name', name, 'Any part of the name.'),
    therapist && field('Therapist', therapist),
    h('button', { type: 'submit', class: 'primary', text: 'Search' }),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void search();
  });
  api
    .therapists()
    .then((answer) => {
      therapists = answer.therapists;
      for (const t of therapists) therapist?.append(h('option', { value: t.id, text: t.name }));
    })
    .catch((e) => message.show(describeError(e)))
    .finally(() => void search());
  return h('div', { class: 'dashboard' }, h('div', {}, form, message.el, results), detail);
}
