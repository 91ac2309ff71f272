// A client says where they are before the visit (and agrees to the practice's consent text when it is
// due). Stored with the visit; the audit trail gets the region and consent version, never the address;
// nothing of it is logged.
import type { ClientMessageOf } from '../../../shared/protocol.js';
import { isListedCountry, isRegionCode } from '../../../shared/regions.js';
import type { StatedLocation } from '../../store/visit-locations.js';
import type { Handler, HandlerContext } from './types.js';

/** Why the frame cannot be taken, or null when it can. */
function refusal(ctx: HandlerContext, msg: ClientMessageOf<'location'>): string | null {
  const { visit, self } = ctx;
  if (!visit.checks.askLocation) return 'This practice does not ask where you are';
  const country = msg.country.trim();
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
    const stated: StatedLocation = {
      participantId: self.id,
      appointmentId: visit.appointment.id,
      country: msg.country.trim(),
      region: msg.region.trim(),
      emergencyAddress: msg.emergencyAddress?.trim() || null,
      consentVersion: msg.consentVersion ?? null,
      consentedAt: msg.consentVersion === undefined ? null : now,
      statedAt: now,
    };
    await hub.locations.save(stated);
    visit.setLocation(stated);
    hub.audit(visit.appointment.id, auditEvent(stated), self.id, self.id);
    hub.broadcastRoster(visit);
  },
};
