// Signed, per-participant visit links. A token names the appointment, the participant and their
// role; it does not carry times. When it opens comes from the appointment as it is now (the store):
// from EARLY_ENTRY_MS before the start until the end, so a link sent before a reschedule opens the
// visit at its new time. Tokens issued before that change carry nbf/exp of the window they were
// issued for; those claims are ignored (the signature still covers them), and the store decides.
// Verification pins the algorithm and checks the signature first, then issuer, audience,
// cancellation, revocation and the time window.
import { SignJWT } from 'jose';
import { EARLY_ENTRY_MS } from '../../shared/constants.js';
import type { Role } from '../../shared/protocol.js';
import type { Appointment, Participant } from '../store/appointments.js';
import { newId } from '../store/appointments.js';
import type { Db } from '../store/db.js';
import { prepare } from '../store/prepared.js';
import { verifyHs256 } from './hs256.js';

const ALG = 'HS256';
const ISSUER = 'vestibule';
const AUDIENCE = 'vestibule:visit';

export interface LinkClaims {
  appointmentId: string;
  participantId: string;
  role: Role;
  jti: string;
}

export type LinkRefusal = 'link_invalid' | 'link_expired' | 'link_revoked' | 'link_wrong_appointment' | 'visit_cancelled';

export type LinkCheck =
  | { ok: true; claims: LinkClaims }
  | { ok: false; code: LinkRefusal }
  | { ok: false; code: 'link_too_early'; opensAt: number; startsAt: number; providerName: string | null };

/** A revoked link, and whether its appointment was cancelled (the page then says so, not "withdrawn"). */
export interface RevokedLink {
  jti: string;
  cancelled: boolean;
}

/**
 * What a join checks a link against, in one lookup compiled once (it runs for every join): the link
 * and the appointment its signed token names, each found by its key. The participant's row is not
 * read: a token is only ever signed with the participant's own appointment (issue, short links), a
 * participant never moves to another, and deleting one deletes its links.
 */
const linkWithAppointment = (db: Db) =>
  prepare(db, ['jti', 'appointmentId'], (q, a) =>
    q
      .selectFrom(['links', 'appointments'])
      .select(['links.participant_id', 'links.revoked_at', 'appointments.starts_at', 'appointments.ends_at', 'appointments.cancelled_at'])
      .where('links.jti', '=', a.jti)
      .where('appointments.id', '=', a.appointmentId),
  );

export class LinkTokens {
  private readonly lookup: ReturnType<typeof linkWithAppointment>;

  constructor(
    private readonly key: Uint8Array,
    private readonly db: Db,
  ) {
    this.lookup = linkWithAppointment(db);
  }

  /** Issues a new link token for a participant and records its id so it can be revoked. */
  async issue(appointment: Appointment, participant: Participant): Promise<string> {
    return (await this.issueRecorded(appointment, participant)).token;
  }

  /** As issue(), also returning the link's id (a short link's code is recorded against it). */
  async issueRecorded(appointment: Appointment, participant: Participant): Promise<{ token: string; jti: string }> {
    const jti = newId();
    await this.db.insertInto('links').values({ jti, participant_id: participant.id, issued_at: Date.now(), revoked_at: null }).execute();
    return { jti, token: await this.sign({ appointmentId: appointment.id, participantId: participant.id, role: participant.role, jti }) };
  }

  /** A token for an already recorded link (a short link's code is exchanged for one of these). */
  sign(claims: LinkClaims): Promise<string> {
    return new SignJWT({ apt: claims.appointmentId, role: claims.role })
      .setProtectedHeader({ alg: ALG, typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(claims.participantId)
      .setJti(claims.jti)
      .setIssuedAt()
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

  /** Links revoked at or after `since` (ms). */
  async revokedSince(since: number): Promise<RevokedLink[]> {
    const rows = await this.db
      .selectFrom('links')
      .innerJoin('participants', 'participants.id', 'links.participant_id')
      .innerJoin('appointments', 'appointments.id', 'participants.appointment_id')
      .select(['links.jti', 'appointments.cancelled_at'])
      .where('links.revoked_at', '>=', since)
      .execute();
    return rows.map((r) => ({ jti: r.jti, cancelled: r.cancelled_at !== null }));
  }

  /**
   * Checks a token presented for `appointmentId` at time `now`. The signature is always checked first:
   * nothing from an unsigned or tampered token is trusted, not even which appointment it names.
   */
  async verify(token: string, appointmentId: string, now: Date = new Date()): Promise<LinkCheck> {
    const claims = this.signedClaims(token);
    if (!claims) return { ok: false, code: 'link_invalid' };
    if (claims.appointmentId !== appointmentId) return { ok: false, code: 'link_wrong_appointment' };
    const [row] = (await this.lookup.run(this.db, { jti: claims.jti, appointmentId: claims.appointmentId })).rows;
    if (!row || row.participant_id !== claims.participantId) return { ok: false, code: 'link_invalid' };
    // Cancelling also revokes the links; the person should hear the reason, not just "withdrawn".
    if (row.cancelled_at !== null) return { ok: false, code: 'visit_cancelled' };
    if (row.revoked_at !== null) return { ok: false, code: 'link_revoked' };
    const opensAt = row.starts_at - EARLY_ENTRY_MS;
    if (now.getTime() < opensAt) {
      // The page tells an early client when and with whom the appointment is: the start and the
      // provider's display name, nothing else about the visit.
      return {
        ok: false,
        code: 'link_too_early',
        opensAt,
        startsAt: row.starts_at,
        providerName: await this.providerName(claims.appointmentId),
      };
    }
    if (now.getTime() >= row.ends_at) return { ok: false, code: 'link_expired' };
    return { ok: true, claims };
  }

  /** The display name of the appointment's provider (only asked for a link opened too early). */
  private async providerName(appointmentId: string): Promise<string | null> {
    const provider = await this.db
      .selectFrom('participants')
      .select('display_name')
      .where('appointment_id', '=', appointmentId)
      .where('role', '=', 'provider')
      .executeTakeFirst();
    return provider?.display_name ?? null;
  }

  /** The claims of a token signed with our key for visits, or null. Time claims are not looked at. */
  private signedClaims(token: string): LinkClaims | null {
    // Synchronous HS256 (see hs256.ts): jose's WebCrypto check cost a thread-pool job per join.
    const checked = verifyHs256(token, this.key);
    if (!checked.ok) return null;
    const { iss, aud, sub, jti, apt, role } = checked.payload;
    if (iss !== ISSUER || !(aud === AUDIENCE || (Array.isArray(aud) && aud.includes(AUDIENCE)))) return null;
    if (typeof sub !== 'string' || typeof jti !== 'string' || typeof apt !== 'string') return null;
    if (role !== 'provider' && role !== 'client') return null;
    return { appointmentId: apt, participantId: sub, role, jti };
  }
}

/** The URL a participant opens. The token rides in the fragment, which browsers never send to servers. */
export function visitUrl(publicUrl: string, appointmentId: string, token: string): string {
  return `${publicUrl}/v/${appointmentId}#t=${token}`;
}
