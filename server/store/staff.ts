// Staff accounts: who works at the practice, in which role, whether they may host video visits, and
// what they sign in with. Emails are unique whatever their case.
import { type Selectable, sql } from 'kysely';
import { newId } from './appointments.js';
import type { Db } from './db.js';
import type { StaffRole, StaffTable } from './schema.js';
import { parseRegions } from './visit-locations.js';

export type { StaffRole };

export interface StaffMember {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  teletherapy: boolean;
  /** False until they set a password (an invitation not yet accepted). */
  hasPassword: boolean;
  totpEnabled: boolean;
  deactivatedAt: number | null;
  createdAt: number;
  /** Where they are licensed to treat clients: region codes such as "US-CA". */
  licensedRegions: string[];
}

/** What sign-in needs besides the public fields; never leaves the server. */
export interface StaffCredentials {
  passwordHash: string | null;
  totpSecret: string | null;
  totpLastStep: number | null;
}

/** Another account already uses this email. */
export class EmailTaken extends Error {}

const toStaff = (r: Selectable<StaffTable>): StaffMember => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  teletherapy: r.teletherapy === 1,
  hasPassword: r.password_hash !== null,
  totpEnabled: r.totp_enabled === 1,
  deactivatedAt: r.deactivated_at,
  createdAt: r.created_at,
  licensedRegions: parseRegions(r.licensed_regions),
});

const isUniqueViolation = (e: unknown): boolean => {
  const err = e as { code?: string; message?: string };
  return err.code === '23505' || err.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint/i.test(err.message ?? '');
};

export class StaffStore {
  constructor(private readonly db: Db) {}

  async create(s: {
    email: string;
    name: string;
    role: StaffRole;
    teletherapy?: boolean;
    passwordHash?: string | null;
    now: number;
  }): Promise<StaffMember> {
    const row = {
      id: newId(),
      email: s.email.trim(),
      name: s.name.trim(),
      role: s.role,
      teletherapy: s.teletherapy ? 1 : 0,
      password_hash: s.passwordHash ?? null,
      totp_secret: null,
      totp_enabled: 0,
      totp_last_step: null,
      deactivated_at: null,
      created_at: s.now,
      licensed_regions: '',
    };
    try {
      await this.db.insertInto('staff').values(row).execute();
    } catch (e) {
      if (isUniqueViolation(e)) throw new EmailTaken('Another staff account already uses this email');
      throw e;
    }
    return toStaff(row);
  }

  async byId(id: string): Promise<StaffMember | undefined> {
    const r = await this.db.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toStaff(r);
  }

  async byEmail(email: string): Promise<(StaffMember & StaffCredentials) | undefined> {
    const r = await this.db.selectFrom('staff').selectAll().where(sql`lower(email)`, '=', email.trim().toLowerCase()).executeTakeFirst();
    return r && { ...toStaff(r), passwordHash: r.password_hash, totpSecret: r.totp_secret, totpLastStep: r.totp_last_step };
  }

  async credentials(id: string): Promise<StaffCredentials | undefined> {
    const r = await this.db
      .selectFrom('staff')
      .select(['password_hash', 'totp_secret', 'totp_last_step'])
      .where('id', '=', id)
      .executeTakeFirst();
    return r && { passwordHash: r.password_hash, totpSecret: r.totp_secret, totpLastStep: r.totp_last_step };
  }

  /** Everyone, in the order they joined the practice. */
  async list(): Promise<StaffMember[]> {
    const rows = await this.db.selectFrom('staff').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map(toStaff);
  }

  /** Active owners (the practice must always keep one). */
  async activeOwnerCount(): Promise<number> {
    const r = await this.db
      .selectFrom('staff')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'owner')
      .where('deactivated_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async setRole(id: string, role: StaffRole): Promise<void> {
    await this.db.updateTable('staff').set({ role }).where('id', '=', id).execute();
  }

  async setTeletherapy(id: string, on: boolean): Promise<void> {
    await this.db
      .updateTable('staff')
      .set({ teletherapy: on ? 1 : 0 })
      .where('id', '=', id)
      .execute();
  }

  async setLicensedRegions(id: string, regions: string[]): Promise<void> {
    await this.db
      .updateTable('staff')
      .set({ licensed_regions: [...new Set(regions)].join(' ') })
      .where('id', '=', id)
      .execute();
  }

  async setPasswordHash(id: string, hash: string): Promise<void> {
    await this.db.updateTable('staff').set({ password_hash: hash }).where('id', '=', id).execute();
  }

  /** A new secret waiting for its first code; two-step sign-in stays off until confirmed. */
  async setPendingTotpSecret(id: string, secret: string): Promise<void> {
    await this.db.updateTable('staff').set({ totp_secret: secret, totp_enabled: 0, totp_last_step: null }).where('id', '=', id).execute();
  }

  async enableTotp(id: string, step: number): Promise<void> {
    await this.db.updateTable('staff').set({ totp_enabled: 1, totp_last_step: step }).where('id', '=', id).execute();
  }

  async disableTotp(id: string): Promise<void> {
    await this.db.updateTable('staff').set({ totp_enabled: 0, totp_secret: null, totp_last_step: null }).where('id', '=', id).execute();
  }

  /**
   * Records the time step of an accepted code, only if it is later than the last one: of two
   * sign-ins with the same code (a replay, or two tabs) exactly one succeeds.
   */
  async useTotpStep(id: string, step: number): Promise<boolean> {
    const r = await this.db
      .updateTable('staff')
      .set({ totp_last_step: step })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return r.numUpdatedRows === 1n;
  }

  async deactivate(id: string, at: number): Promise<void> {
    await this.db.updateTable('staff').set({ deactivated_at: at }).where('id', '=', id).where('deactivated_at', 'is', null).execute();
  }
}
