// The Settings screen, for the owner: how long an unused session lasts, how long any session lasts,
// and whether everyone must sign in with an authenticator app's code too.
import { h } from '../ui/dom.js';
import { type PracticeSettings, saveSettings, settings } from './api.js';
import { describeError, field, input, messageArea } from './ui.js';

export function settingsScreen(): HTMLElement {
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
