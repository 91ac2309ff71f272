// The owner's screens for other systems: API keys and webhooks (one entry point for the dashboard).
import { h } from '../ui/dom.js';
import { apiKeysSection } from './api-keys-view.js';
import { describeError, messageArea } from './ui.js';
import { webhooksSection } from './webhooks-view.js';

/** The "API and webhooks" screen (owner): its sections fill in as their requests answer. */
export function integrationsScreen(): HTMLElement {
  const screen = h('div', { class: 'integrations' });
  const problem = messageArea();
  screen.append(problem.el);
  Promise.all([apiKeysSection(), webhooksSection()])
    .then((sections) => screen.append(...sections))
    .catch((e) => problem.show(describeError(e)));
  return screen;
}
