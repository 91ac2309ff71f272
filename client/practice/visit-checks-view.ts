// The Settings screen's part on what clients are asked before each video visit: whether they say
// where they are (country and state or province, and an address for emergencies if they wish), and a
// telehealth consent text to agree to, once per client or at every visit. Changing the text makes a
// new version, which everyone is asked to agree to again.
import { MAX_CONSENT_CHARS } from '../../shared/constants.js';
import { h } from '../ui/dom.js';
import { saveVisitChecks, type VisitCheckSettings, visitChecks } from './api.js';
import { describeError, input, messageArea } from './ui.js';

export function visitCheckSettings(): HTMLElement {
  const ask = input('checkbox', 'askLocation', { id: 'settings-ask-location' });
  const consent = h('textarea', { id: 'settings-consent-text', name: 'consentText', rows: '6', maxlength: String(MAX_CONSENT_CHARS) });
  consent.setAttribute('aria-describedby', 'settings-consent-hint');
  const every = h(
    'select',
    { id: 'settings-consent-when', name: 'consentEveryVisit' },
    h('option', { value: 'once', text: 'Once per client (and again when the text changes)' }),
    h('option', { value: 'every', text: 'At every visit' }),
  );
  const version = h('p', { class: 'hint', id: 'settings-consent-hint' });
  const message = messageArea();
  const save = h('button', { type: 'submit', text: 'Save visit checks', disabled: true });
  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'visit-checks-h' },
    h('h2', { id: 'visit-checks-h', text: 'Before each video visit' }),
    h('div', { class: 'check' }, ask, h('label', { for: ask.id, text: 'Ask clients where they are before each visit' })),
    h(
      'p',
      { class: 'hint' },
      'In the waiting room, clients say which country and state or province they are in (and, if they wish, an address for emergencies). The therapist sees it before admitting them, with a warning when it is outside the states listed for them on the Staff screen.',
    ),
    h('div', { class: 'field' }, h('label', { for: consent.id, text: 'Telehealth consent text (optional)' }), consent, version),
    h('div', { class: 'field' }, h('label', { for: every.id, text: 'Ask clients to agree to it' }), every),
    message.el,
    save,
  );
  const show = (c: VisitCheckSettings) => {
    ask.checked = c.askLocation;
    consent.value = c.consentText;
    every.value = c.consentEveryVisit ? 'every' : 'once';
    version.textContent = c.consentVersion
      ? `Clients agree to it before the visit when "Ask clients where they are" is on. Current version: ${c.consentVersion}; changing the text makes a new version.`
      : 'Clients agree to it before the visit when "Ask clients where they are" is on. Leave it empty for none.';
    save.disabled = false;
  };
  visitChecks()
    .then(show)
    .catch((e) => message.show(describeError(e)));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    message.clear();
    try {
      show(await saveVisitChecks({ askLocation: ask.checked, consentText: consent.value, consentEveryVisit: every.value === 'every' }));
      message.show('The visit checks are saved.', 'ok');
    } catch (e) {
      message.show(describeError(e));
    }
  });
  return form;
}
