// Short visit links, `PUBLIC_URL/j#CODE`, to read over the phone or type. The code is random (15
// characters of Crockford's base32, 75 bits) and rides in the fragment like a long link's token;
// the page exchanges it for a token over POST. Only its SHA-256 is stored (the code is far too random
// to guess from a hash), mapped to a recorded link, so revoking the link refuses the code as well.
import { createHash, randomBytes } from 'node:crypto';
import type { Appointment, Participant } from '../store/appointments.js';
import type { Db } from '../store/db.js';
import type { Language } from '../../shared/i18n/translate.js';
import type { LinkTokens } from './link-tokens.js';

/** Crockford's base32: no I, L, O or U, so nothing reads as another character. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 15;
const GROUP = 5;
const CANONICAL = new RegExp(`^[${ALPHABET}]{${CODE_LENGTH}}$`);

/** A fresh code, grouped for reading aloud: `7KQ2M-XH9DP-4TRWB`. */
export function newCode(): string {
  // 256 is a multiple of 32, so taking each byte modulo 32 is uniform.
  const chars = [...randomBytes(CODE_LENGTH)].map((b) => ALPHABET[b % 32]).join('');
  return chars.match(new RegExp(`.{${GROUP}}`, 'g'))!.join('-');
}

/**
 * The code as typed or read back, reduced to its canonical form, or null if it cannot be one:
 * case, dashes and spaces do not matter, and O, I and L are read as 0, 1 and 1.
 */
export function canonicalCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return CANONICAL.test(code) ? code : null;
}

const hashOf = (canonical: string): string => createHash('sha256').update(canonical).digest('hex');

export function shortUrl(publicUrl: string, code: string): string {
  return `${publicUrl}/j#${code}`;
}

export class ShortLinks {
  constructor(
    private readonly db: Db,
    private readonly links: LinkTokens,
  ) {}

  /** Issues a new link for a participant with a short code standing for it. */
  async issue(appointment: Appointment, participant: Participant): Promise<{ code: string; token: string }> {
    const { token, jti } = await this.links.issueRecorded(appointment, participant);
    const code = newCode();
    await this.db
      .insertInto('short_links')
      .values({ code_hash: hashOf(canonicalCode(code)!), jti, created_at: Date.now() })
      .execute();
    return { code, token };
  }

  /**
   * What the visit page needs for a code: the appointment and a token for the code's link, or null
   * for a code nobody was given. Revocation, cancellation and times are checked when the token is
   * used, exactly as for a long link, so the page shows the same explanations. A client's code also
   * brings their preferred language, which the page then speaks.
   */
  async exchange(input: string): Promise<{ appointmentId: string; token: string; language?: Language } | null> {
    const code = canonicalCode(input);
    if (!code) return null;
    const row = await this.db
      .selectFrom('short_links')
      .innerJoin('links', 'links.jti', 'short_links.jti')
      .innerJoin('participants', 'participants.id', 'links.participant_id')
      .leftJoin('clients', 'clients.id', 'participants.client_id')
      .select(['links.jti', 'participants.id', 'participants.role', 'participants.appointment_id', 'clients.language'])
      .where('short_links.code_hash', '=', hashOf(code))
      .executeTakeFirst();
    if (!row) return null;
    const claims = { appointmentId: row.appointment_id, participantId: row.id, role: row.role, jti: row.jti };
    // Only a client's link speaks their language; a provider's page follows their browser.
    const language = row.role === 'client' ? row.language : null;
    return { appointmentId: row.appointment_id, token: await this.links.sign(claims), ...(language ? { language } : {}) };
  }
}
