// The "New client" and "New video visit" forms.
import { h } from '../ui/dom.js';
import { book, type Client, createClient, type Staff, type Therapist } from './api.js';
import { clientFieldset, fillTherapists, therapistSelect } from './client-fields.js';
import { startFields, viewerZone } from './start-fields.js';
import { describeError, field, input, messageArea, select } from './ui.js';

/** A form that stays on the page while the lists it offers change, so nothing typed is lost. */
export interface LiveForm {
  el: HTMLElement;
  update(clients: Client[], therapists: Therapist[]): void;
}

export function newClientForm(me: Staff, onDone: (text: string) => void): LiveForm {
  const fields = clientFieldset(me);
  const message = messageArea();
  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'new-client-h' },
    h('h2', { id: 'new-client-h', text: 'New client' }),
    ...fields.elements,
    message.el,
    h('button', { type: 'submit', class: 'primary', text: 'Add client' }),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    message.clear();
    const values = fields.read();
    if (typeof values === 'string') return message.show(values);
    try {
      const { client } = await createClient(values);
      fields.clear();
      onDone(`${client.name} is added.`);
    } catch (e) {
      message.show(describeError(e));
    }
  });
  return { el: form, update: (_clients, therapists) => fields.updateTherapists(therapists) };
}

export function newVisitForm(me: Staff, onDone: (text: string) => void): LiveForm {
  const start = startFields(Date.now());
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
  const message = messageArea();
  const videoField = h('div', { class: 'check' }, video, h('label', { for: (video.id = 'visit-video'), text: 'Video visit' }));
  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'new-visit-h' },
    h('h2', { id: 'new-visit-h', text: 'New video visit' }),
    therapist && field('Therapist', therapist),
    clientGroup,
    ...start.elements,
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
    const startMs = start.startMs();
    if (!Number.isFinite(startMs)) return message.show('Enter a date and a start time.');
    try {
      const { appointments } = await book({
        ...(therapist ? { therapistId: therapist.value } : {}),
        clientIds,
        start: new Date(startMs).toISOString(),
        minutes: Number(minutes.value),
        video: video.checked,
        ...(repeat.value === 'none'
          ? {}
          : { repeat: { every: repeat.value as 'weekly' | 'every-other-week', count: Number(count.value), timeZone: viewerZone() } }),
      });
      onDone(appointments.length === 1 ? 'The visit is booked.' : `${appointments.length} visits are booked.`);
    } catch (e) {
      message.show(describeError(e));
    }
  });
  return {
    el: form,
    update(clients, therapists) {
      fillClients(clients);
      fillTherapists(therapist, me, therapists);
    },
  };
}
