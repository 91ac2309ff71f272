// Staff sign-in sessions, kept in the store so every Vestibule machine sees the same ones. A session
// is found by the SHA-256 of its cookie's value; the value itself exists only in the browser.
import type { Db } from './db.js';
import type { StaffRole } from './schema.js';

export interface StaffSession {
  id: string;
  staffId: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

/** A session with what every request needs to know about its staff member, read in one query. */
export interface SessionWithStaff extends StaffSession {
  staff: { id: string; role: StaffRole; teletherapy: boolean; totpEnabled: boolean; deactivatedAt: number | null };
}

export class StaffSessionStore {
  constructor(private readonly db: Db) {}

  async create(s: { id: string; staffId: string; now: number; expiresAt: number; ipPrefix: string | null }): Promise<void> {
    await this.db
      .insertInto('staff_sessions')
      .values({
        id: s.id,
        staff_id: s.staffId,
        created_at: s.now,
        last_seen_at: s.now,
        expires_at: s.expiresAt,
        revoked_at: null,
        ip_prefix: s.ipPrefix,
      })
      .execute();
  }

  async find(id: string): Promise<SessionWithStaff | undefined> {
    const r = await this.db
      .selectFrom('staff_sessions as s')
      .innerJoin('staff', 'staff.id', 's.staff_id')
      .select([
        's.id',
        's.staff_id',
        's.created_at',
        's.last_seen_at',
        's.expires_at',
        's.revoked_at',
        'staff.role',
        'staff.teletherapy',
        'staff.totp_enabled',
        'staff.deactivated_at',
      ])
      .where('s.id', '=', id)
      .executeTakeFirst();
    return (
      r && {
        id: r.id,
        staffId: r.staff_id,
        createdAt: r.created_at,
        lastSeenAt: r.last_seen_at,
        expiresAt: r.expires_at,
        revokedAt: r.revoked_at,
        staff: {
          id: r.staff_id,
          role: r.role,
          teletherapy: r.teletherapy === 1,
          totpEnabled: r.totp_enabled === 1,
          deactivatedAt: r.deactivated_at,
        },
      }
    );
  }

  async touch(id: string, now: number): Promise<void> {
    await this.db.updateTable('staff_sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
  }

  async revoke(id: string, now: number): Promise<void> {
    await this.db.updateTable('staff_sessions').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  }

  /** Ends every open session of one staff member; returns how many were open. */
  async revokeAllFor(staffId: string, now: number): Promise<number> {
    const r = await this.db
      .updateTable('staff_sessions')
      .set({ revoked_at: now })
      .where('staff_id', '=', staffId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Sessions past their absolute end are of no use to anyone: removed now and then. */
  async deleteExpired(before: number): Promise<void> {
    await this.db.deleteFrom('staff_sessions').where('expires_at', '<', before).execute();
  }
}
