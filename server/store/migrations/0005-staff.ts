// The practice's staff and how they sign in: accounts with a role, their sessions (only a hash of the
// cookie is kept), one-time links (set-up, invitation, password reset), the practice's sign-in
// settings, and failed sign-in counters per account and per address.
import { type Kysely, sql } from 'kysely';

export async function staff(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('staff')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role IN ('owner', 'manager', 'therapist', 'scheduler')`))
    .addColumn('teletherapy', 'integer', (c) => c.notNull().defaultTo(0))
    // Null until the person sets one through their invitation or set-up link.
    .addColumn('password_hash', 'text')
    .addColumn('totp_secret', 'text')
    .addColumn('totp_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    // The time step of the last accepted code, so one code cannot be used twice.
    .addColumn('totp_last_step', 'bigint')
    .addColumn('deactivated_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // Case-insensitive: Robin@Example.org and robin@example.org are one account.
  await db.schema.createIndex('staff_email_unique').on('staff').unique().expression(sql`lower(email)`).execute();

  await db.schema
    .createTable('staff_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('ip_prefix', 'text')
    .execute();
  await db.schema.createIndex('staff_sessions_by_staff').on('staff_sessions').column('staff_id').execute();

  await db.schema
    .createTable('one_time_tokens')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose IN ('setup', 'invite', 'reset')`))
    .addColumn('staff_id', 'text', (c) => c.references('staff.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();

  await db.schema
    .createTable('practice_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('idle_timeout_minutes', 'integer', (c) => c.notNull().defaultTo(30))
    .addColumn('absolute_lifetime_hours', 'integer', (c) => c.notNull().defaultTo(12))
    .addColumn('require_totp', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`INSERT INTO practice_settings (id) VALUES (1)`.execute(db);

  // Keys are hashes ("account:" + email, "address:" + network), so the table holds no email or IP.
  await db.schema
    .createTable('sign_in_failures')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('first_failure_at', 'bigint', (c) => c.notNull())
    .addColumn('locked_until', 'bigint')
    .execute();
}
