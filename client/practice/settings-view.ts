// The Settings screen, for the owner: how long an unused session lasts, how long any session lasts,
// whether everyone must sign in with an authenticator app's code too, and when clients get email
// reminders of their video visits, and what clients are asked before each visit (visit-checks-view.ts).
import { h } from '../ui/dom.js';
import { type PracticeSettings, reminderMinutes, saveReminderMinutes, saveSettings, settings } from './api.js';
import { describeError, field, input, messageArea } from './ui.js';
import { visitCheckSettings } from './visit-checks-view.js';

export function settingsScreen(): HTMLElement {
  return h('div', { class: 'settings' }, signInSettings(), reminderSettings(), visitCheckSettings());
}

function signInSettings(): HTMLElement {
  const idle = input('number', 'idleTimeoutMinutes', { min: '5', max: '480', step: '1', required: true });
  const lifetime = input('number', 'absoluteLifetimeHours', { min: '1', max: '72', step: '1', required: true });
  const requireTotp = input('checkbox', 'requireTotp', { id: 'settings-require-totp' });
  const message = messageArea();
  const save = h('button', { type: 'submit', class: 'primary', text: 'Save settings', disabled: true });
  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'sign-in-settings-h' },
    h('h2', { id: 'sign-in-settings-h', text: 'Sign-in' }),
    field('Idle timeout in minutes', idle, 'A session unused this long ends (5 to 480).'),
    field('Absolute lifetime in hours', lifetime, 'A session ends this long after signing in, however busy (1 to 72).'),
    h('div', { class: 'check' }, requireTotp, h('label', { for: requireTotp.id, text: 'Require two-step sign-in for everyone' })),
    message.el,
    save,
  );
  const show = (s: PracticeSettings) => {
    idle.value = String(s.idleTimeoutMinutes);
    lifetime.value = String(s.absoluteLifetimeHours);
    requireTotp.checked = s.requireTotp;
    save.disabled = false;
  };
  settings()
    .then(show)
    .catch((e) => message.show(describeError(e)));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    message.clear();
    const wanted = {
      idleTimeoutMinutes: Number(idle.value),
      absoluteLifetimeHours: Number(lifetime.value),
      requireTotp: requireTotp.checked,
    };
    if (!Number.isInteger(wanted.idleTimeoutMinutes) || wanted.idleTimeoutMinutes < 5 || wanted.idleTimeoutMinutes > 480)
      return message.show('The idle timeout is a whole number of minutes from 5 to 480.');
    if (!Number.isInteger(wanted.absoluteLifetimeHours) || wanted.absoluteLifetimeHours < 1 || wanted.absoluteLifetimeHours > 72)
      return message.show('The absolute lifetime is a whole number of hours from 1 to 72.');
    try {
      show(await saveSettings(wanted));
      message.show('The settings are saved.', 'ok');
    } catch (e) {
      message.show(describeError(e));
    }
  });
  return form;
}

const MAX_REMINDERS = 4;

/** "24, 1" -> [1440, 60] minutes; null when it is not up to four numbers of hours (5 minutes to 14 days). */
export function parseReminderHours(text: string): number[] | null {
  const parts = text.split(/[,;\s]+/).filter(Boolean);
  if (parts.length > MAX_REMINDERS) return null;
  const minutes = parts.map((p) => Math.round(Number(p) * 60));
  return minutes.every((m) => Number.isFinite(m) && m >= 5 && m <= 14 * 24 * 60) ? minutes : null;
}

const hoursText = (minutes: number[]) => minutes.map((m) => String(Math.round((m / 60) * 100) / 100)).join(', ');

function reminderSummary(minutes: number[]): string {
  if (minutes.length === 0) return 'No reminders are sent.';
  const hours = minutes.map((m) => String(Math.round((m / 60) * 100) / 100));
  const list = hours.length === 1 ? hours[0] : `${hours.slice(0, -1).join(', ')} and ${hours[hours.length - 1]}`;
  return `Reminders go ${list} hours before each video visit.`;
}

function reminderSettings(): HTMLElement {
  const hours = input('text', 'reminderHours', { inputmode: 'decimal', autocomplete: 'off' });
  const message = messageArea();
  const save = h('button', { type: 'submit', text: 'Save reminders', disabled: true });
  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'reminder-settings-h' },
    h('h2', { id: 'reminder-settings-h', text: 'Email reminders' }),
    field(
      'Hours before each video visit',
      hours,
      'Clients with an email address get a reminder at each of these times. Leave it empty for none.',
    ),
    message.el,
    save,
  );
  reminderMinutes()
    .then(({ minutes }) => {
      hours.value = hoursText(minutes);
      save.disabled = false;
    })
    .catch((e) => message.show(describeError(e)));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    message.clear();
    const minutes = parseReminderHours(hours.value);
    if (!minutes) return message.show('Write up to four numbers of hours, such as 24, 1 (or leave it empty for none).');
    try {
      const saved = await saveReminderMinutes(minutes);
      hours.value = hoursText(saved.minutes);
      message.show(reminderSummary(saved.minutes), 'ok');
    } catch (e) {
      message.show(describeError(e));
    }
  });
  return form;
}
