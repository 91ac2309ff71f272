// Turning on two-step sign-in for oneself: the server makes a secret, the person types it into their
// authenticator app (there is no QR code yet) and confirms with the first code.
import { button, h } from '../ui/dom.js';
import { totpConfirm, totpStart } from './api.js';
import { describeError, field, input, messageArea } from './ui.js';

export function totpSection(required: boolean, onDone: () => void): HTMLElement {
  const message = messageArea();
  const body = h('div', {});
  const section = h(
    'section',
    { 'aria-labelledby': 'totp-h' },
    h('h2', { id: 'totp-h', text: 'Two-step sign-in' }),
    h('p', {
      text: required
        ? 'Your practice asks everyone to sign in with an authenticator app. Set it up to continue.'
        : 'Sign in with a code from an authenticator app as well as your password.',
    }),
    body,
    message.el,
  );
  const begin = async () => {
    message.clear();
    try {
      const { secret } = await totpStart();
      const key = h('input', { type: 'text', readonly: true, value: secret, class: 'link-output' });
      const code = input('text', 'code', { inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '6' });
      const form = h(
        'form',
        { novalidate: true, class: 'inner' },
        field('Key for your authenticator app', key, 'Add an account in the app and type this key.'),
        field('Code from your authenticator app', code),
        h('button', { type: 'submit', class: 'primary', text: 'Turn on two-step sign-in' }),
      );
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        message.clear();
        try {
          await totpConfirm(code.value.trim());
          body.replaceChildren(h('p', { text: 'Two-step sign-in is on.' }));
          onDone();
        } catch (e) {
          message.show(describeError(e));
        }
      });
      body.replaceChildren(form);
    } catch (e) {
      message.show(describeError(e));
    }
  };
  body.append(button('Set up two-step sign-in', () => void begin()));
  return section;
}
