// A client says where they are before the visit (and agrees to the practice's consent text when it is
// due). Stored with the visit; the audit trail gets the region and consent version, never the address;
// nothing of it is logged.
import type { ClientMessageOf } from '../../../shared/protocol.js';
import { isListedCountry, isRegionCode } from '../../../shared/regions.js';
import type { StatedLocation } from '../../store/visit-locations.js';
import type { Handler, HandlerContext } from './types.js';

/** A client may correct what they said, but not faster than this. */
export const RESTATE_AFTER_MS = 3000;

/** Why the frame cannot be taken, or null when it can. */
function refusal(ctx: HandlerContext, msg: ClientMessageOf<'location'>): string | null {
  const { visit, self } = ctx;
  if (!visit.checks.askLocation) return 'This practice does not ask where you are';
  const country = msg.country.trim();
  if (!country || !msg.region.trim()) return 'country and region cannot be blank';
  if (!isListedCountry(country) && isRegionCode(msg.region)) return 'a state or province code needs its country';
  if (isListedCountry(country) && !(isRegionCode(msg.region) && msg.region.startsWith(`${country}-`)))
    return `region must be one of ${country}'s state or province codes`;
  const due = visit.consentDue(self.id);
  if (msg.consentVersion !== undefined && msg.consentVersion !== visit.checks.consent?.version)
    return 'consentVersion is not the practice’s current consent';
  if (due !== null && msg.consentVersion !== due) return 'consent';
  return null;
}

/** The audit line: which region (codes only; a region outside the lists is not copied) and which consent. */
function auditEvent(l: StatedLocation): string {
  const where = isRegionCode(l.region) ? l.region : 'outside the US and Canada';
  return l.consentVersion === null ? `location stated: ${where}` : `location stated: ${where}; consent version ${l.consentVersion}`;
}

export const location: Handler<'location'> = {
  clientOnly: 'say where they are',
  async run(ctx, msg) {
    const { hub, visit, self } = ctx;
    const refused = refusal(ctx, msg);
    if (refused === 'consent') return ctx.error('location_required', 'Please agree to the consent before the visit');
    if (refused) return ctx.error('bad_frame', `Invalid "location" frame: ${refused}`);
    const now = Date.now();
    const previous = visit.location(self.id);
    // Each answer is a write, an audit line and a read on every other node: one every few seconds is plenty.
    if (previous && now - previous.statedAt < RESTATE_AFTER_MS)
      return ctx.error('rate_limited', 'You just said where you are; try again in a moment');
    const stated: StatedLocation = {
      participantId: self.id,
      appointmentId: visit.appointment.id,
      country: msg.country.trim(),
      region: msg.region.trim(),
      emergencyAddress: msg.emergencyAddress?.trim() || null,
      // Saying where one is again keeps the consent already given (it is the practice's record of it).
      consentVersion: msg.consentVersion ?? previous?.consentVersion ?? null,
      consentedAt: msg.consentVersion === undefined ? (previous?.consentedAt ?? null) : now,
      statedAt: now,
    };
    await hub.locations.save(stated);
    visit.setLocation(stated);
    hub.audit(visit.appointment.id, auditEvent(stated), self.id, self.id);
    hub.broadcastRoster(visit);
  },
};
