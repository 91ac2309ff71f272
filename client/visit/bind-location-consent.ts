// The practice's questions before a visit, on the client's page: the server's location-request puts
// the form in the waiting room (location-consent.ts) and holds "I'm ready" back until it is answered;
// the answer goes to the server as a `location` frame. A refusal brings the form back. The form and its
// list of regions load only when a practice asks (import()): most visits never show it.
import { waitingRoomMessages } from '../../shared/i18n/catalogues/waiting-room.js';
import type { ServerMessageOf } from '../../shared/protocol.js';
import { translator } from '../../shared/i18n/translate.js';
import { pageLanguage } from '../i18n/page-language.js';
import type { SignalingClient } from '../transport/signaling.js';
import { button, h } from '../ui/dom.js';
import type { LocationConsentForm } from '../ui/location-consent.js';
import type { VisitScreen } from '../ui/visit-screen.js';
import type { VisitState } from './visit-state.js';

export function bindLocationConsent(deps: { signaling: SignalingClient; state: VisitState; screen: () => VisitScreen | null }): void {
  const { signaling, state, screen } = deps;
  let form: LocationConsentForm | null = null;
  /** Between sending an answer and the roster that follows it: an error then is about the answer. */
  let answering = false;
  const language = pageLanguage();
  const t = translator(waitingRoomMessages, language);
  /** Each request's number: a form that finishes loading after a newer request is not shown. */
  let requests = 0;
  signaling.on('location-request', async (m: ServerMessageOf<'location-request'>) => {
    const preJoin = screen()?.preJoin;
    // Already answered in this visit (a reload, a reconnect): nothing to ask again.
    if (!preJoin || m.stated) return;
    const providerName = state.appointment?.providerName ?? '';
    preJoin.setReadyBlocked(t('questionsFirst'));
    const request = ++requests;
    const loaded = await import('../ui/location-consent.js').catch(() => null);
    if (request !== requests) return;
    if (!loaded) {
      // The form's code did not arrive (the connection dropped): say so, with the one way out. A reload
      // rather than a second import(): a browser may keep a failed module import failed for the page.
      preJoin.checksSlot.replaceChildren(
        h(
          'div',
          { class: 'location-load-failed', role: 'alert' },
          h('p', { text: t('questionsLoadFailed') }),
          button(t('reloadPage'), () => location.reload()),
        ),
      );
      return;
    }
    const { LocationConsentForm } = loaded;
    form = new LocationConsentForm(language, { providerName, consent: m.consent }, (answer) => {
      answering = true;
      signaling.send({ type: 'location', ...answer });
      preJoin.setReadyBlocked(null);
      preJoin.focusReady();
    });
    preJoin.checksSlot.replaceChildren(form.element);
  });
  signaling.on('roster', () => {
    answering = false;
  });
  signaling.on('problem', (m) => {
    if (!form) return;
    // location_required is always about the answer (whatever rosters came in between); a bad_frame only
    // while an answer is on its way.
    if (m.code !== 'location_required' && !(m.code === 'bad_frame' && answering)) return;
    answering = false;
    form.refused();
    screen()?.preJoin?.setReadyBlocked(t('questionsFirst'));
  });
}
