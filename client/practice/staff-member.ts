// One staff member on the Staff screen, with what the signed-in owner or manager may do to them:
// change their role, turn Teletherapy on or off, hand over a password-reset link or their invitation
// link again, reset two-step sign-in, and deactivate (after a confirmation step).
import { button, h } from '../ui/dom.js';
import * as api from './api.js';
import { confirmStep } from './confirm-step.js';
import { describeError, field, messageArea, select } from './ui.js';

const ROLE_NAMES: Record<api.StaffRole, string> = {
  owner: 'Owner',
  manager: 'Manager',
  therapist: 'Therapist',
  scheduler: 'Scheduler (front desk)',
};

/** As the server rules: a manager manages everyone but owners, and makes no one an owner. */
export const canManage = (me: api.Staff, m: api.Staff) => (me.role === 'owner' || m.role !== 'owner') && m.status !== 'deactivated';

const summary = (m: api.Staff) =>
  `${m.name} (${m.role}${m.status === 'active' ? '' : `, ${m.status}`}), Teletherapy ${m.teletherapy ? 'on' : 'off'}` +
  (m.licensedRegions.length ? `, licensed in ${m.licensedRegions.join(', ')}` : '');

/** "us-ca, US-NY" -> ["US-CA", "US-NY"]; null when one of them is not a region code. */
export function parseRegionCodes(text: string): string[] | null {
  const codes = text
    .split(/[,;\s]+/)
    .filter(Boolean)
    .map((c) => c.toUpperCase());
  return codes.every((c) => /^[A-Z]{2}-[A-Z0-9]{1,3}$/.test(c)) ? codes : null;
}

/** Where a therapist is licensed: a client stating another region is flagged to them before Admit. */
function licences(m: api.Staff, act: (work: () => Promise<unknown>) => () => Promise<void>, say: (text: string) => void): HTMLElement {
  const box = h('input', { type: 'text', autocomplete: 'off', value: m.licensedRegions.join(', ') });
  const save = async () => {
    const codes = parseRegionCodes(box.value);
    if (!codes) return say('Write region codes such as US-CA, US-NY or CA-ON, separated by commas.');
    await act(() => api.setLicences(m.id, codes))();
  };
  return h(
    'div',
    { class: 'licences' },
    field(`Licensed states or provinces of ${m.name}`, box, 'Codes such as US-CA, US-NY or CA-ON, separated by commas.'),
    button(`Save licences of ${m.name}`, () => void save()),
  );
}

/** A one-time link shown in a read-only box to hand over, with how long it works. */
function handOver(box: HTMLInputElement, link: api.IssuedLink, say: (text: string, kind: 'ok') => void): void {
  box.value = link.url;
  box.hidden = false;
  box.select();
  const until = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(Date.parse(link.expiresAt));
  say(`Give them this link; it works once, until ${until}.`, 'ok');
}

export function staffMemberItem(me: api.Staff, m: api.Staff, reload: () => Promise<void>): HTMLElement {
  const message = messageArea();
  const act = (work: () => Promise<unknown>) => async () => {
    message.clear();
    try {
      await work();
      await reload();
    } catch (e) {
      message.show(describeError(e));
    }
  };
  const item = h('li', {}, h('span', { text: summary(m) }));
  if (!canManage(me, m)) return item;
  const linkBox = h('input', { type: 'text', readonly: true, class: 'link-output', 'aria-label': `Link for ${m.name}` });
  linkBox.hidden = true;
  const issue = (get: () => Promise<api.IssuedLink>) => async () => {
    message.clear();
    try {
      handOver(linkBox, await get(), message.show);
    } catch (e) {
      message.show(describeError(e));
    }
  };
  const self = m.id === me.id;
  const roles = (Object.keys(ROLE_NAMES) as api.StaffRole[]).filter((r) => me.role === 'owner' || r !== 'owner');
  const role = select(
    'role',
    roles.map((r) => [r, ROLE_NAMES[r]]),
    m.role,
  );
  const actions = h(
    'div',
    { class: 'actions' },
    m.role === 'scheduler'
      ? null
      : button(
          `${m.teletherapy ? 'Turn off' : 'Turn on'} Teletherapy for ${m.name}`,
          act(() => api.setTeletherapy(m.id, !m.teletherapy)),
        ),
    m.status === 'invited'
      ? button(
          `Invitation link for ${m.name}`,
          issue(async () => (await api.invitationAgain(m.id)).invitation),
        )
      : button(
          `Password-reset link for ${m.name}`,
          issue(async () => (await api.passwordResetLink(m.id)).reset),
        ),
    m.totpEnabled
      ? button(
          `Reset two-step sign-in for ${m.name}`,
          act(() => api.resetTwoStep(m.id)),
        )
      : null,
  );
  const parts = [
    self
      ? null
      : h(
          'div',
          { class: 'role-change' },
          field(`Role of ${m.name}`, role),
          button(
            `Change role of ${m.name}`,
            act(() => api.changeRole(m.id, role.value as api.StaffRole)),
          ),
        ),
    actions,
    m.role === 'scheduler' ? null : licences(m, act, (text) => message.show(text)),
    // Deactivating asks once more: it ends their sessions and withdraws their links at once.
    self
      ? null
      : confirmStep({
          ask: `Deactivate ${m.name}`,
          question: `Deactivate ${m.name}? They are signed out everywhere and their links stop working.`,
          yes: `Yes, deactivate ${m.name}`,
          no: 'Keep their account',
          onYes: () => void act(() => api.deactivate(m.id))(),
        }),
    linkBox,
    message.el,
  ];
  item.append(...parts.filter((p) => p !== null));
  return item;
}
