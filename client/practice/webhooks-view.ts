// Webhooks, for the owner: register a URL and the events it receives (its signing secret shown once),
// see each one's last result and any disabled notice, turn it back on, send a test event, remove.
import { button, h } from '../ui/dom.js';
import { shownOnce } from './api-keys-view.js';
import { call } from './api.js';
import { describeError, field, input, messageArea } from './ui.js';

interface Endpoint {
  id: string;
  url: string;
  events: string[];
  lastAttemptAt: number | null;
  lastStatus: number | null;
  lastError: string | null;
  disabledAt: number | null;
  disabledReason: string | null;
}

const lastResult = (e: Endpoint) =>
  e.lastAttemptAt === null
    ? 'Nothing sent yet.'
    : `Last sent ${new Date(e.lastAttemptAt).toLocaleString()}: ${e.lastError ?? `HTTP ${e.lastStatus}`}.`;

export async function webhooksSection(): Promise<HTMLElement> {
  const message = messageArea();
  const list = h('ul', { class: 'webhooks' });
  const url = input('url', 'webhook-url', { autocomplete: 'off', required: true, placeholder: 'https://' });
  const boxes = h('fieldset', {}, h('legend', { text: 'Events' }));
  const secret = shownOnce('Signing secret');
  const act = (path: string, done: string) =>
    void call('POST', path)
      .then(refresh)
      .then(() => message.show(done, 'ok'))
      .catch((e) => message.show(describeError(e)));
  const item = (e: Endpoint) =>
    h(
      'li',
      {},
      h('p', { text: `${e.url} (${e.events.join(', ')})` }),
      h('p', { text: lastResult(e) }),
      ...(e.disabledAt !== null
        ? [
            h('p', { class: 'notice', role: 'status', text: `Disabled: ${e.disabledReason ?? 'too many failures'}` }),
            button('Turn back on', () => act(`/webhooks/${e.id}/enable`, 'The webhook is on again.')),
          ]
        : []),
      button('Send test event', () => act(`/webhooks/${e.id}/test`, 'A test event is on its way.')),
      button(
        'Remove',
        () =>
          void call('DELETE', `/webhooks/${e.id}`)
            .then(refresh)
            .catch((err) => message.show(describeError(err))),
      ),
    );
  const refresh = async () => {
    const { webhooks, events } = await call<{ webhooks: Endpoint[]; events: string[] }>('GET', '/webhooks');
    list.replaceChildren(...webhooks.map(item));
    if (boxes.querySelectorAll('input').length === 0) {
      for (const ev of events) {
        const box = input('checkbox', 'webhook-event', { id: `webhook-event-${ev}`, value: ev });
        boxes.append(h('div', { class: 'check' }, box, h('label', { for: box.id, text: ev })));
      }
    }
  };
  const form = h(
    'form',
    { novalidate: true, class: 'inner', 'aria-labelledby': 'new-webhook-h' },
    h('h3', { id: 'new-webhook-h', text: 'Add a webhook' }),
    field('URL', url),
    boxes,
    h('button', { type: 'submit', class: 'primary', text: 'Add webhook' }),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    message.clear();
    const events = [...boxes.querySelectorAll<HTMLInputElement>('input:checked')].map((b) => b.value);
    if (!url.value.trim() || events.length === 0) return message.show('Enter the URL and choose at least one event.');
    try {
      const created = await call<{ secret: string }>('POST', '/webhooks', { url: url.value.trim(), events });
      secret.show(created.secret);
      message.show('Copy the signing secret now: it is not shown again.', 'ok');
      await refresh();
    } catch (e) {
      message.show(describeError(e));
    }
  });
  const section = h(
    'section',
    { 'aria-labelledby': 'webhooks-h' },
    h('h2', { id: 'webhooks-h', text: 'Webhooks' }),
    list,
    form,
    secret.el,
    message.el,
  );
  await refresh();
  return section;
}
