// "Send the link again" beside a client who has not arrived five minutes after the start: emails them
// their visit link again, or, when they have no address or the practice sends no email, shows (and
// copies) a fresh link and says why no email went. The button is off while a request runs, so a
// double click sends once (the server refuses a second email within a minute as well).
import { button, h } from '../ui/dom.js';
import { resendLink } from './api.js';
import { describeError, messageArea } from './ui.js';

const WHY_NO_EMAIL = {
  no_email: (name: string) => `${name} has no email address on file, so no email was sent.`,
  mail_off: () => 'Email is not set up for this practice, so no email was sent.',
};

export function resendControl(appointmentId: string, participantId: string, name: string): HTMLElement {
  const message = messageArea();
  const linkInput = h('input', { type: 'text', readonly: true, 'aria-label': `Fresh link for ${name}`, class: 'link-output' });
  linkInput.hidden = true;
  const send = button('Send the link again', () => void resend());
  const resend = async () => {
    send.disabled = true;
    message.clear();
    try {
      const outcome = await resendLink(appointmentId, participantId);
      if (outcome.via === 'email') return message.show(`The visit email was sent again to ${name}.`, 'ok');
      linkInput.value = outcome.url;
      linkInput.hidden = false;
      const copied = await navigator.clipboard.writeText(outcome.url).then(
        () => true,
        () => false,
      );
      const how = copied
        ? 'A fresh link is copied: send it to them yourself.'
        : 'Copy the fresh link from the box and send it to them yourself.';
      if (!copied) linkInput.select();
      message.show(`${WHY_NO_EMAIL[outcome.reason](name)} ${how}`, 'ok');
    } catch (e) {
      message.show(describeError(e));
    } finally {
      send.disabled = false;
    }
  };
  return h('div', { class: 'resend' }, send, linkInput, message.el);
}
