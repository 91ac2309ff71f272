// The one-time link pages: /practice/setup, /practice/accept-invitation and /practice/reset-password.
// The token is in the URL's fragment (never sent to the server with the page); the form posts it.
import { h } from '../ui/dom.js';
import { acceptInvitation, resetPassword, setup } from './api.js';
import { describeError, field, fragmentToken, input, messageArea, mount } from './ui.js';

export type TokenPage = 'setup' | 'accept-invitation' | 'reset-password';

const TITLES: Record<TokenPage, string> = {
  setup: 'Set up your practice',
  'accept-invitation': 'Join your practice',
  'reset-password': 'Choose a new password',
};

export function showTokenForm(page: TokenPage): void {
  const token = fragmentToken();
  if (!token) {
    mount(
      h('h1', { text: 'This link is incomplete' }),
      h('p', { text: 'Part of the link is missing. Open the whole link exactly as you received it.' }),
    );
    return;
  }
  const state = { busy: false, done: false };
  const name = input('text', 'name', { autocomplete: 'name', required: true });
  const email = input('email', 'email', { autocomplete: 'username', required: true });
  const password = input('password', 'password', { autocomplete: 'new-password', required: true, minlength: '12' });
  const message = messageArea();
  const submit = h('button', { type: 'submit', class: 'primary', text: page === 'setup' ? 'Create owner account' : 'Save password' });
  const fields = page === 'setup' ? [field('Your name', name), field('Email', email)] : [];
  const form = h('form', { novalidate: true }, ...fields, field('Password', password, 'At least 12 characters.'), message.el, submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (state.busy || state.done) return;
    message.clear();
    if (password.value.length < 12) return message.show('The password needs at least 12 characters.');
    if (page === 'setup' && (!name.value.trim() || !email.value.trim())) return message.show('Enter your name and email.');
    state.busy = true;
    submit.disabled = true;
    try {
      if (page === 'setup') await setup(token, name.value.trim(), email.value.trim(), password.value);
      else if (page === 'accept-invitation') await acceptInvitation(token, password.value);
      else await resetPassword(token, password.value);
      state.done = true;
      history.replaceState(null, '', location.pathname);
      mount(
        h('h1', { text: page === 'reset-password' ? 'Your password is changed' : 'Your account is ready' }),
        h('p', {}, h('a', { class: 'button primary', href: '/practice/sign-in', text: 'Sign in' })),
      );
      return;
    } catch (e) {
      message.show(describeError(e));
    }
    state.busy = false;
    submit.disabled = false;
  });
  mount(h('h1', { text: TITLES[page] }), form);
}
