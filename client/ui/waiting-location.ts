// What the provider's waiting list shows of a client's stated location (in the page's language):
// the place next to the name, a warning when it is outside the therapist's licensed regions, whether
// the consent is agreed, and the address for emergencies folded away. Only the provider's roster
// carries any of it.
import type { ParticipantView } from '../../shared/protocol.js';
import { isListedCountry, regionName } from '../../shared/regions.js';
import { waitingListMessages } from '../../shared/i18n/catalogues/waiting-list.js';
import { wordsOf } from '../i18n/page-words.js';
import { h } from './dom.js';

const tr = wordsOf(waitingListMessages);

export function locationBadges(p: ParticipantView): HTMLElement[] {
  const l = p.location;
  if (!l) return [];
  if (!l.stated) return [h('span', { class: 'badge location missing', 'data-location': 'missing', text: tr('locationMissing') })];
  const place = isListedCountry(l.country) ? `${regionName(l.region)}, ${l.country}` : `${l.region}, ${l.country}`;
  const parts: HTMLElement[] = [h('span', { class: 'badge location', 'data-location': l.region, text: tr('locationIn', { place }) })];
  if (l.outsideLicence)
    parts.push(
      h('span', {
        class: 'badge location-warning',
        role: 'note',
        'data-location-warning': true,
        text: tr('locationOutside', { name: p.displayName, place }),
      }),
    );
  if (l.consentVersion !== null)
    parts.push(h('span', { class: 'badge consent', text: tr('consentAgreed', { version: l.consentVersion }) }));
  if (l.emergencyAddress)
    parts.push(
      h(
        'details',
        { class: 'emergency-address' },
        h('summary', { text: tr('emergencyAddressFor', { name: p.displayName }) }),
        h('p', { text: l.emergencyAddress }),
      ),
    );
  return parts;
}
