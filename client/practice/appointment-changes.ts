// Changing one appointment: reschedule (date and time in the viewer's zone, named on screen; the
// server keeps UTC), switch between video and in person, and cancel after a confirmation step. Each
// change withdraws the appointment's links on the server; the list is then drawn again.
import { button, h } from '../ui/dom.js';
import { type Appointment, cancelAppointment, reschedule, setVideo } from './api.js';
import { confirmStep } from './confirm-step.js';
import { startFields } from './start-fields.js';
import { describeError, field, input, messageArea } from './ui.js';

const MINUTE = 60_000;

function rescheduleForm(a: Appointment, say: (text: string) => void, onChanged: () => Promise<void>): HTMLFormElement {
  const start = startFields(Date.parse(a.startsAt));
  const minutes = input('number', 'minutes', {
    min: '5',
    max: '480',
    step: '5',
    required: true,
    value: String(Math.round((Date.parse(a.endsAt) - Date.parse(a.startsAt)) / MINUTE)),
  });
  const form = h(
    'form',
    { novalidate: true, class: 'inner', 'aria-label': 'Reschedule' },
    ...start.elements,
    field('Duration in minutes', minutes),
    h('button', { type: 'submit', text: 'Reschedule' }),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const startMs = start.startMs();
    if (!Number.isFinite(startMs)) return say('Enter a date and a start time.');
    try {
      await reschedule(a.id, new Date(startMs).toISOString(), Number(minutes.value));
      await onChanged();
    } catch (e) {
      say(describeError(e));
    }
  });
  return form;
}

/** The "Change" part of an appointment that is not cancelled. */
export function appointmentChanges(a: Appointment, onChanged: () => Promise<void>): HTMLElement {
  const message = messageArea();
  const say = (text: string) => message.show(text);
  const act = (work: () => Promise<unknown>) => async () => {
    message.clear();
    try {
      await work();
      await onChanged();
    } catch (e) {
      say(describeError(e));
    }
  };
  const video = button(
    a.video ? 'Make it in person' : 'Make it a video visit',
    act(() => setVideo(a.id, !a.video)),
  );
  return h(
    'details',
    { class: 'changes' },
    h('summary', { text: 'Reschedule or cancel' }),
    rescheduleForm(a, say, onChanged),
    h('div', { class: 'actions' }, video),
    // A cancellation cannot be undone: ask once more.
    confirmStep({
      ask: 'Cancel appointment',
      question: 'Cancel this appointment? Its visit links stop working.',
      yes: 'Yes, cancel it',
      no: 'Keep it',
      onYes: () => void act(() => cancelAppointment(a.id))(),
    }),
    message.el,
  );
}
