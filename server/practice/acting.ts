// Who a change is made as. Staff act as themselves. An API key acts for the whole practice with the
// front desk's reach (the scheduler role): every therapist's clients and appointments, client links,
// never a provider link (only the appointment's therapist gets that, from the dashboard). The audit
// log's staff column then reads `api-key:<key id>`, and appointment events carry the key as actor.
import type { Actor } from './appointment-events.js';
import type { Authenticated } from './auth-service.js';

export type Acting = Authenticated['staff'] & { actor?: Actor };

export const actorOf = (me: Acting): Actor => me.actor ?? { kind: 'staff', id: me.id };

export function actingAsApiKey(keyId: string): Acting {
  return {
    id: `api-key:${keyId}`,
    role: 'scheduler',
    teletherapy: false,
    totpEnabled: false,
    deactivatedAt: null,
    actor: { kind: 'api-key', id: keyId },
  };
}
