// The "New client" and "New video visit" forms.
import { h } from '../ui/dom.js';
import { book, type Client, createClient, type Staff, type Therapist } from './api.js';
import { describeError, field, input, messageArea, select } from './ui.js';

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

function timeZones(): string[] {
  const supported = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf;
  const zones = supported ? supported('timeZone') : [];
  return zones.includes(browserZone()) ? zones : [browserZone(), ...zones];
}

const sees = (me: Staff) => me.role !== 'therapist';

function therapistSelect(me: Staff): HTMLSelectElement | null {
  return sees(me) ? select('therapist', []) : null;
}

/** Fills the therapist select again, keeping the choice (first time: the signed-in person if listed). */
function fillTherapists(s: HTMLSelectElement | null, me: Staff, therapists: Therapist[]): void {
  if (!s) return;
  const keep = s.value || me.id;
  s.replaceChildren(...therapists.map((t) => h('option', { value: t.id, text: t.teletherapy ? t.name : `${t.name} (Teletherapy off)` })));
  if (therapists.some((t) => t.id === keep)) s.value = keep;
}

/** A form that stays on the page while the lists it offers change, so nothing typed is lost. */
export interface LiveForm {
  el: HTMLElement;
  update(clients: Client[], therapists: Therapist[]): void;
}

export function newClientForm(me: Staff, onDone: (text: string) => void): LiveForm {
  const name = input('text', 'name', { required: true, autocomplete: 'off' });
  const email = input('email', 'email', { autocomplete: 'off' });
  const phone = input('tel', 'phone', { autocomplete: 'off' });
  const zone = select(
    'timeZone',
    timeZones().map((z) => [z, z.replaceAll('_', ' ')]),
    browserZone(),
  );
  const language = select(
    'language',
    [
      ['en', 'English'],
      ['es', 'Spanish (español)'],
    ],
    'en',
  );
  const therapist = therapistSelect(me);
  const message = messageArea();
  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'new-client-h' },
    h('h2', { id: 'new-client-h', text: 'New client' }),
    field('Name', name),
    field('Email (optional)', email),
    field('Phone (optional)', phone),
    field('Time zone', zone),
    field('Language', language),
    therapist && field('Therapist', therapist),
    message.el,
    h('button', { type: 'submit', class: 'primary', text: 'Add client' }),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    message.clear();
    if (!name.value.trim()) return message.show('Enter the client’s name.');
    try {
      const { client } = await createClient({
        name: name.value.trim(),
        email: email.value.trim() || null,
        phone: phone.value.trim() || null,
        timeZone: zone.value,
        language: language.value as 'en' | 'es',
        ...(therapist ? { therapistId: therapist.value } : {}),
      });
      name.value = '';
      email.value = '';
      phone.value = '';
      onDone(`${client.name} is added.`);
    } catch (e) {
      message.show(describeError(e));
    }
  });
  return { el: form, update: (_clients, therapists) => fillTherapists(therapist, me, therapists) };
}

const pad = (n: number) => String(n).padStart(2, '0');

export function newVisitForm(me: Staff, onDone: (text: string) => void): LiveForm {
  const now = new Date();
  const date = input('date', 'date', { required: true, value: `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}` });
  const time = input('time', 'time', { required: true, value: `${pad(now.getHours())}:${pad(now.getMinutes())}` });
  const minutes = input('number', 'minutes', { min: '5', max: '480', step: '5', value: '50', required: true });
  const video = input('checkbox', 'video', { checked: true });
  const repeat = select('repeat', [
    ['none', 'Does not repeat'],
    ['weekly', 'Weekly'],
    ['every-other-week', 'Every other week'],
  ]);
  const count = input('number', 'count', { min: '1', max: '52', value: '4' });
  const countField = field('Number of visits', count);
  countField.hidden = true;
  repeat.addEventListener('change', () => {
    countField.hidden = repeat.value === 'none';
  });
  const therapist = therapistSelect(me);
  let clientBoxes: HTMLInputElement[] = [];
  const clientGroup = h('fieldset', {}, h('legend', { text: 'Clients' }));
  const fillClients = (clients: Client[]) => {
    const checked = new Set(clientBoxes.filter((b) => b.checked).map((b) => b.value));
    clientBoxes = clients.map((c) => input('checkbox', 'client', { value: c.id, id: `client-${c.id}`, checked: checked.has(c.id) }));
    clientGroup.replaceChildren(
      h('legend', { text: 'Clients' }),
      ...(clients.length
        ? clients.map((c, i) => h('div', { class: 'check' }, clientBoxes[i], h('label', { for: `client-${c.id}`, text: c.name })))
        : [h('p', { text: 'Add a client first.' })]),
    );
  };
  const warning = h('p', { class: 'warning', role: 'status', 'aria-live': 'polite' });
  const message = messageArea();
  const startMs = () => new Date(`${date.value}T${time.value}`).getTime();
  const checkPast = () => {
    const past = Number.isFinite(startMs()) && startMs() < Date.now() - 60_000;
    warning.textContent = past ? 'This start time is in the past.' : '';
  };
  date.addEventListener('input', checkPast);
  time.addEventListener('input', checkPast);
  const videoField = h('div', { class: 'check' }, video, h('label', { for: (video.id = 'visit-video'), text: 'Video visit' }));
  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'new-visit-h' },
    h('h2', { id: 'new-visit-h', text: 'New video visit' }),
    therapist && field('Therapist', therapist),
    clientGroup,
    field('Date', date),
    field('Start time', time, `In your time zone (${browserZone().replaceAll('_', ' ')}).`),
    warning,
    field('Duration in minutes', minutes),
    videoField,
    field('Repeat', repeat),
    countField,
    message.el,
    h('button', { type: 'submit', class: 'primary', text: 'Book visit' }),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    message.clear();
    const clientIds = clientBoxes.filter((b) => b.checked).map((b) => b.value);
    if (!clientIds.length) return message.show('Choose at least one client.');
    const start = startMs();
    if (!Number.isFinite(start)) return message.show('Enter a date and a start time.');
    try {
      const { appointments } = await book({
        ...(therapist ? { therapistId: therapist.value } : {}),
        clientIds,
        start: new Date(start).toISOString(),
        minutes: Number(minutes.value),
        video: video.checked,
        ...(repeat.value === 'none'
          ? {}
          : { repeat: { every: repeat.value as 'weekly' | 'every-other-week', count: Number(count.value), timeZone: browserZone() } }),
      });
      onDone(appointments.length === 1 ? 'The visit is booked.' : `${appointments.length} visits are booked.`);
    } catch (e) {
      message.show(describeError(e));
    }
  });
  checkPast();
  return {
    el: form,
    update(clients, therapists) {
      fillClients(clients);
      fillTherapists(therapist, me, therapists);
    },
  };
}
