// The last screens of a visit for the person who leaves it: "You left the visit" (with a way back)
// and "This visit has ended" (the provider ended it; camera and microphone are already released).
import { button, h } from './dom.js';

export function showLeftPage(root: HTMLElement, rejoin: () => void): void {
  root.dataset.mode = 'ended';
  root.replaceChildren(
    h(
      'section',
      { class: 'problem', 'data-left': true },
      h('h1', { text: 'You left the visit' }),
      h('p', { text: 'Your camera and microphone are off. You can come back while the appointment lasts.' }),
      button('Rejoin the visit', rejoin, { class: 'primary' }),
    ),
  );
  root.querySelector('h1')?.setAttribute('tabindex', '-1');
  root.querySelector<HTMLElement>('h1')?.focus();
}

export function showEndedPage(root: HTMLElement, providerName: string): void {
  root.dataset.mode = 'ended';
  const heading = h('h1', { text: 'This visit has ended', tabindex: '-1' });
  root.replaceChildren(
    h(
      'section',
      { class: 'problem', 'data-ended': true },
      heading,
      h('p', { text: `${providerName} ended the visit. Thank you for joining.` }),
      h('p', { text: 'Your camera and microphone are off. You can close this page now.' }),
      h('p', { class: 'muted', text: 'If you were cut off by mistake, contact your provider: they can start the visit again.' }),
    ),
  );
  heading.focus();
}
