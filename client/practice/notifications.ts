// Browser notifications of arrivals, once the therapist allows them with "Turn on notifications".
// A notification names no one (it may show on a shared screen): it says a client waits, and when.
import { button, h } from '../ui/dom.js';

const supported = () => typeof Notification !== 'undefined';

/** The button to allow notifications, or a line saying how they stand. */
export function notificationControl(): HTMLElement {
  const el = h('div', { class: 'notifications' });
  const draw = () => {
    if (!supported()) el.replaceChildren(h('p', { class: 'hint', text: 'This browser cannot show notifications.' }));
    else if (Notification.permission === 'granted')
      el.replaceChildren(h('p', { class: 'hint', text: 'Notifications of arrivals are on.' }));
    else if (Notification.permission === 'denied')
      el.replaceChildren(h('p', { class: 'hint', text: 'Notifications are blocked in this browser’s settings for this site.' }));
    else el.replaceChildren(button('Turn on notifications', () => void Notification.requestPermission().then(draw, draw)));
  };
  draw();
  return el;
}

/** Shows a notification when allowed and the page is not in front; `onClick` runs once it is clicked. */
export function notifyArrival(visitTime: string, onClick: () => void): void {
  if (!supported() || Notification.permission !== 'granted') return;
  if (document.visibilityState === 'visible' && document.hasFocus()) return;
  try {
    const n = new Notification('A client is in the waiting room', { body: `Your ${visitTime} visit. Select to open it.`, tag: visitTime });
    n.onclick = () => {
      window.focus();
      n.close();
      onClick();
    };
  } catch {
    // Some browsers allow notifications only from a service worker: the title and the chime still tell.
  }
}
