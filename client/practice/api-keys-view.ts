// API keys, for the owner: create one (shown once, with a Copy button), see each key's scope and when
// it was last used, revoke.
import { button, h } from '../ui/dom.js';
import { call } from './api.js';
import { describeError, field, input, messageArea, select } from './ui.js';

interface ApiKey {
  id: string;
  name: string;
  hint: string;
  scope: 'read' | 'read-write';
  lastUsedAt: number | null;
  revokedAt: number | null;
}

const when = (ms: number | null) => (ms === null ? 'never used' : `last used ${new Date(ms).toLocaleString()}`);

/** A read-only box holding a secret shown once, and a Copy button for it. */
export function shownOnce(label: string): { el: HTMLElement; show(value: string): void } {
  const box = h('input', { type: 'text', readonly: true, class: 'link-output', 'aria-label': label });
  const copy = button('Copy', () => void navigator.clipboard?.writeText(box.value));
  const el = h('div', { class: 'shown-once' }, box, copy);
  el.hidden = true;
  return {
    el,
    show(value: string) {
      box.value = value;
      el.hidden = false;
    },
  };
}

export async function apiKeysSection(): Promise<HTMLElement> {
  const message = messageArea();
  const list = h('ul', { class: 'api-keys' });
  const name = input('text', 'api-key-name', { autocomplete: 'off', required: true, maxlength: '80' });
  const scope = select('api-key-scope', [
    ['read', 'Read only'],
    ['read-write', 'Read and write'],
  ]);
  const secret = shownOnce('New API key');
  const refresh = async () => {
    const { keys } = await call<{ keys: ApiKey[] }>('GET', '/api-keys');
    list.replaceChildren(...keys.map((k) => keyItem(k)));
  };
  const keyItem = (k: ApiKey) =>
    h(
      'li',
      {},
      h('span', {
        text: `${k.name} (…${k.hint}), ${k.scope === 'read' ? 'read only' : 'read and write'}, ${k.revokedAt ? 'revoked' : when(k.lastUsedAt)}`,
      }),
      ...(k.revokedAt
        ? []
        : [
            button(
              `Revoke ${k.name}`,
              () =>
                void call('DELETE', `/api-keys/${k.id}`)
                  .then(refresh)
                  .then(() => message.show('The key is revoked.', 'ok'))
                  .catch((e) => message.show(describeError(e))),
            ),
          ]),
    );
  const form = h(
    'form',
    { novalidate: true, class: 'inner', 'aria-labelledby': 'new-key-h' },
    h('h3', { id: 'new-key-h', text: 'Create an API key' }),
    field('Name', name),
    field('Scope', scope),
    h('button', { type: 'submit', class: 'primary', text: 'Create key' }),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    message.clear();
    if (!name.value.trim()) return message.show('Name the key after the system that will use it.');
    try {
      const created = await call<{ secret: string }>('POST', '/api-keys', { name: name.value.trim(), scope: scope.value });
      secret.show(created.secret);
      message.show('Copy the key now: it is not shown again.', 'ok');
      name.value = '';
      await refresh();
    } catch (e) {
      message.show(describeError(e));
    }
  });
  const section = h(
    'section',
    { 'aria-labelledby': 'api-keys-h' },
    h('h2', { id: 'api-keys-h', text: 'API keys' }),
    list,
    form,
    secret.el,
    message.el,
  );
  await refresh();
  return section;
}
