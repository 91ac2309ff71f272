// The outbox: the practice's email, what is waiting, sent and failed (and why). Without SMTP nothing
// is sent by Vestibule: staff open a message, copy its address and text into their own email, and
// mark it sent. Therapists see their own clients' messages; owners and managers also staff links.
import { button, h } from '../ui/dom.js';
import * as api from './api.js';
import { describeError, field, messageArea, select } from './ui.js';

const KIND: Record<api.OutboxMessage['kind'], string> = {
  invitation: 'Visit invitation',
  update: 'Visit moved',
  cancellation: 'Visit cancelled',
  'in-person': 'Visit now in person',
  reminder: 'Reminder',
  'staff-invitation': 'Staff invitation',
  'password-reset': 'Password reset',
  'waiting-alert': 'Client waiting',
};
const STATUS: Record<api.OutboxMessage['status'], string> = {
  queued: 'waiting to be sent',
  sending: 'sending',
  sent: 'sent',
  failed: 'failed',
  cancelled: 'withdrawn (the visit changed)',
  'sent-by-hand': 'sent by hand',
};
const FILTERS: [string, string][] = [
  ['', 'All'],
  ['queued', 'Waiting'],
  ['failed', 'Failed'],
  ['sent', 'Sent'],
];

function statusLine(m: api.OutboxMessage): string {
  const why = m.status === 'failed' || (m.status === 'queued' && m.lastError) ? `: ${m.lastError}` : '';
  return `${KIND[m.kind]} to ${m.recipient}, ${STATUS[m.status]}${why}`;
}

/** One message opened: its address, subject and text to copy, and "Mark as sent". */
function openedMessage(m: api.OutboxMessage & { text: string }, onMarked: () => Promise<void>, message: ReturnType<typeof messageArea>) {
  const readonly = (name: string, value: string) => h('input', { type: 'text', name, readonly: true, value });
  const text = h('textarea', { name: 'text', readonly: true, rows: '12' });
  text.value = m.text;
  const copy = button('Copy message', () => {
    navigator.clipboard.writeText(m.text).then(
      () => message.show('The message is copied.', 'ok'),
      () => message.show('Copying is not allowed here: select the text and copy it.'),
    );
  });
  const canMark = m.status === 'queued' || m.status === 'failed';
  return h(
    'section',
    { class: 'inner', 'aria-labelledby': 'opened-h' },
    h('h3', { id: 'opened-h', text: 'Message' }),
    field('To', readonly('to', m.recipient)),
    field('Subject', readonly('subject', m.subject)),
    h('div', { class: 'field' }, h('label', { for: 'opened-text', text: 'Text' }), Object.assign(text, { id: 'opened-text' })),
    h(
      'div',
      { class: 'actions' },
      copy,
      canMark
        ? button('Mark as sent', async () => {
            try {
              await api.markSentByHand(m.id);
              await onMarked();
              message.show('Marked as sent.', 'ok');
            } catch (e) {
              message.show(describeError(e));
            }
          })
        : null,
    ),
  );
}

/** The Email screen (its heading comes from the nav). */
export function outboxScreen(): HTMLElement {
  const message = messageArea();
  const intro = h('p');
  const list = h('ul', { class: 'outbox' });
  const opened = h('div');
  const filter = select('status', FILTERS, '');
  const load = async () => {
    const { mode, messages } = await api.outbox(filter.value || undefined);
    intro.textContent =
      mode === 'outbox'
        ? 'Vestibule does not send email yet (no mail server is set up). Open each waiting message, copy it into your own email, then mark it as sent.'
        : 'Vestibule sends these messages itself. Failed ones say why; you can send one by hand and mark it as sent.';
    list.replaceChildren(
      ...(messages.length
        ? messages.map((m) =>
            h(
              'li',
              {},
              h('span', { text: statusLine(m) }),
              button(`Open ${KIND[m.kind].toLowerCase()} to ${m.recipient} (${STATUS[m.status]})`, () => void show(m.id)),
            ),
          )
        : [h('li', { text: 'No messages.' })]),
    );
  };
  const show = async (id: string) => {
    try {
      const { message: m } = await api.outboxMessage(id);
      opened.replaceChildren(openedMessage(m, load, message));
      opened.querySelector('textarea')?.focus();
    } catch (e) {
      message.show(describeError(e));
    }
  };
  filter.addEventListener('change', () => void load().catch((e) => message.show(describeError(e))));
  load().catch((e) => message.show(describeError(e)));
  return h('section', { class: 'outbox-screen', 'aria-label': 'Email messages' }, intro, field('Show', filter), message.el, list, opened);
}
