// The Staff screen, for owners and managers: who is who (each with their actions, staff-member.ts),
// and inviting someone.
import { h } from '../ui/dom.js';
import { invite, type Staff, staffList } from './api.js';
import { staffMemberItem } from './staff-member.js';
import { describeError, field, input, messageArea, select } from './ui.js';

/** Inviting someone: the server answers with a one-time link to hand over (Vestibule sends no email yet). */
function inviteForm(me: Staff, onInvited: () => Promise<void>): HTMLElement {
  const name = input('text', 'name', { autocomplete: 'off', required: true });
  const email = input('email', 'email', { autocomplete: 'off', required: true });
  const roles: [string, string][] = [
    ['therapist', 'Therapist'],
    ['scheduler', 'Scheduler (front desk)'],
    ['manager', 'Manager'],
  ];
  if (me.role === 'owner') roles.push(['owner', 'Owner']);
  const role = select('role', roles, 'therapist');
  const teletherapy = input('checkbox', 'teletherapy', { id: 'invite-teletherapy', checked: true });
  const link = h('input', { type: 'text', readonly: true, class: 'link-output', 'aria-label': 'Invitation link' });
  link.hidden = true;
  const message = messageArea();
  const form = h(
    'form',
    { novalidate: true, class: 'inner', 'aria-labelledby': 'invite-h' },
    h('h3', { id: 'invite-h', text: 'Invite someone' }),
    field('Name', name),
    field('Email', email),
    field('Role', role),
    h('div', { class: 'check' }, teletherapy, h('label', { for: teletherapy.id, text: 'Teletherapy (hosts video visits)' })),
    message.el,
    link,
    h('button', { type: 'submit', class: 'primary', text: 'Invite' }),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    message.clear();
    if (!name.value.trim() || !email.value.trim()) return message.show('Enter their name and email.');
    try {
      const { invitation } = await invite(
        email.value.trim(),
        name.value.trim(),
        role.value,
        role.value !== 'scheduler' && teletherapy.checked,
      );
      link.value = invitation.url;
      link.hidden = false;
      message.show('Give them this link; it works once, for 72 hours.', 'ok');
      await onInvited();
    } catch (e) {
      message.show(describeError(e));
    }
  });
  return form;
}

/** The Staff screen: everyone, with what the signed-in owner or manager may change, and Invite someone. */
export function staffScreen(me: Staff): HTMLElement {
  const message = messageArea();
  const list = h('ul', { class: 'staff' });
  const load = async () => {
    const { staff } = await staffList();
    list.replaceChildren(...staff.map((m) => staffMemberItem(me, m, load)));
  };
  load().catch((e) => message.show(describeError(e)));
  return h(
    'div',
    { class: 'dashboard' },
    h('section', { 'aria-labelledby': 'staff-h' }, h('h2', { id: 'staff-h', text: 'Staff members' }), message.el, list),
    inviteForm(me, load),
  );
}
