// Signed, per-participant visit links. A token names the appointment, the participant and their
// role, and is valid from EARLY_ENTRY_MS before the start until the end of the appointment.
// Verification pins the algorithm and checks issuer, audience, time window and revocation.
import { SignJWT, errors, jwtVerify } from 'jose';
import { EARLY_ENTRY_MS } from '../../shared/constants.js';
import type { Role } from '../../shared/protocol.js';
import type { Appointment, Participant } from '../store/appointments.js';
import { newId } from '../store/appointments.js';
import type { Db } from '../store/db.js';

const ALG = 'HS256';
const ISSUER = 'vestibule';
const AUDIENCE = 'vestibule:visit';

export interface LinkClaims {
  appointmentId: string;
  participantId: string;
  role: Role;
  jti: string;
}

export type LinkCheck =
  | { ok: true; claims: LinkClaims }
  | { ok: false; code: 'link_invalid' | 'link_expired' | 'link_revoked' | 'link_wrong_appointment' }
  | { ok: false; code: 'link_too_early'; opensAt: number };

export class LinkTokens {
  constructor(
    private readonly key: Uint8Array,
    private readonly db: Db,
  ) {}

  /** Issues a new link token for a participant and records its id so it can be revoked. */
  async issue(appointment: Appointment, participant: Participant): Promise<string> {
    const jti = newId();
    await this.db.insertInto('links').values({ jti, participant_id: participant.id, issued_at: Date.now(), revoked_at: null }).execute();
    return new SignJWT({ apt: appointment.id, role: participant.role })
      .setProtectedHeader({ alg: ALG, typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(participant.id)
      .setJti(jti)
      .setIssuedAt()
      .setNotBefore(Math.floor((appointment.startsAt - EARLY_ENTRY_MS) / 1000))
      .setExpirationTime(Math.floor(appointment.endsAt / 1000))
      .sign(this.key);
  }

  async revoke(jti: string): Promise<void> {
    await this.db.updateTable('links').set({ revoked_at: Date.now() }).where('jti', '=', jti).where('revoked_at', 'is', null).execute();
  }

  async revokeAllFor(participantId: string): Promise<void> {
    await this.db
      .updateTable('links')
      .set({ revoked_at: Date.now() })
      .where('participant_id', '=', participantId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  /** Ids of links revoked at or after `since` (ms). */
  async revokedSince(since: number): Promise<string[]> {
    const rows = await this.db.selectFrom('links').select('jti').where('revoked_at', '>=', since).execute();
    return rows.map((r) => r.jti);
  }

  /**
   * Checks a token presented for `appointmentId` at time `now`. The signature is always checked first:
   * nothing from an unsigned or tampered token is trusted, not even its opening time.
   */
  async verify(token: string, appointmentId: string, now: Date = new Date()): Promise<LinkCheck> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        algorithms: [ALG],
        issuer: ISSUER,
        audience: AUDIENCE,
        currentDate: now,
        requiredClaims: ['sub', 'jti', 'nbf', 'exp', 'apt', 'role'],
      }));
    } catch (e) {
      if (e instanceof errors.JWTExpired) return { ok: false, code: 'link_expired' };
      if (e instanceof errors.JWTClaimValidationFailed && e.claim === 'nbf' && typeof e.payload.nbf === 'number') {
        return { ok: false, code: 'link_too_early', opensAt: e.payload.nbf * 1000 };
      }
      return { ok: false, code: 'link_invalid' };
    }
    const { sub, jti, apt, role } = payload;
    if (typeof sub !== 'string' || typeof jti !== 'string' || typeof apt !== 'string') return { ok: false, code: 'link_invalid' };
    if (role !== 'provider' && role !== 'client') return { ok: false, code: 'link_invalid' };
    if (apt !== appointmentId) return { ok: false, code: 'link_wrong_appointment' };
    const row = await this.db.selectFrom('links').select(['participant_id', 'revoked_at']).where('jti', '=', jti).executeTakeFirst();
    if (!row || row.participant_id !== sub) return { ok: false, code: 'link_invalid' };
    if (row.revoked_at !== null) return { ok: false, code: 'link_revoked' };
    return { ok: true, claims: { appointmentId: apt, participantId: sub, role, jti } };
  }
}

/** The URL a participant opens. The token rides in the fragment, which browsers never send to servers. */
export function visitUrl(publicUrl: string, appointmentId: string, token: string): string {
  return `${publicUrl}/v/${appointmentId}#t=${token}`;
}
