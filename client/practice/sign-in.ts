// /practice/sign-in: email and password, then the authenticator code when the server asks for it.
import { h } from '../ui/dom.js';
import { ApiError, signIn } from './api.js';
import { describeError, field, input, messageArea, mount } from './ui.js';

type Step = 'password' | 'code';

export function showSignIn(): void {
  const state: { step: Step; busy: boolean } = { step: 'password', busy: false };
  const email = input('email', 'email', { autocomplete: 'username', required: true });
  const password = input('password', 'password', { autocomplete: 'current-password', required: true });
  const code = input('text', 'code', { inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{6}', maxlength: '6' });
  const codeField = field('Code from your authenticator app', code, '6 digits; it changes every 30 seconds.');
  const submit = h('button', { type: 'submit', class: 'primary', text: 'Sign in' });
  const message = messageArea();
  const form = h('form', { novalidate: true }, field('Email', email), field('Password', password), codeField, message.el, submit);

  const render = () => {
    codeField.hidden = state.step !== 'code';
    submit.disabled = state.busy;
  };
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (state.busy) return;
    message.clear();
    if (!email.value || !password.value) return message.show('Enter your email and password.');
    state.busy = true;
    render();
    try {
      await signIn(email.value.trim(), password.value, state.step === 'code' ? code.value.trim() : undefined);
      location.assign('/practice');
      return;
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'totp_required' || e.code === 'totp_invalid')) {
        state.step = 'code';
        if (e.code === 'totp_invalid') message.show(describeError(e));
        else message.show(e.message, 'ok');
        code.focus();
      } else message.show(describeError(e));
    }
    state.busy = false;
    render();
  });
  render();
  mount(h('h1', { text: 'Sign in to your practice' }), form);
}
