// The practice's clients: who they are, how to reach them, their time zone and language, and which
// therapist sees them. Names and contact details stay in this table: logs and the audit carry ids.
import { type Selectable, sql } from 'kysely';
import { newId } from './appointments.js';
import type { Db } from './db.js';
import type { ClientFields, ClientView, Language } from '../../shared/practice-types.js';
import type { ClientsTable } from './schema.js';

export type { ClientFields, Language };
export type Client = ClientView;

const toClient = (r: Selectable<ClientsTable>): Client => ({
  id: r.id,
  name: r.name,
  email: r.email,
  phone: r.phone,
  timeZone: r.time_zone,
  language: r.language,
  therapistId: r.therapist_id,
  createdAt: r.created_at,
});

const toRow = (c: ClientFields) => ({
  name: c.name,
  email: c.email,
  phone: c.phone,
  time_zone: c.timeZone,
  language: c.language,
  therapist_id: c.therapistId,
});

/** LIKE's wildcards typed by a person are searched for as themselves. */
const likeEscaped = (s: string): string => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

export class ClientStore {
  constructor(private readonly db: Db) {}

  async create(c: ClientFields, now: number): Promise<Client> {
    const client: Client = { ...c, id: newId(), createdAt: now };
    await this.db
      .insertInto('clients')
      .values({ id: client.id, created_at: now, ...toRow(c) })
      .execute();
    return client;
  }

  async byId(id: string): Promise<Client | undefined> {
    const r = await this.db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toClient(r);
  }

  async byIds(ids: string[]): Promise<Client[]> {
    if (!ids.length) return [];
    const rows = await this.db.selectFrom('clients').selectAll().where('id', 'in', ids).execute();
    return rows.map(toClient);
  }

  async update(id: string, c: ClientFields): Promise<void> {
    await this.db.updateTable('clients').set(toRow(c)).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('clients').where('id', '=', id).execute();
  }

  /**
   * Clients by name (any part of it, any case), of one therapist or of everyone, sorted by name.
   * An empty `name` lists them all, up to `limit`.
   */
  async search(q: { name?: string; therapistId?: string | null; limit: number }): Promise<Client[]> {
    let query = this.db.selectFrom('clients').selectAll();
    if (q.therapistId) query = query.where('therapist_id', '=', q.therapistId);
    const name = q.name?.trim();
    if (name) query = query.where(sql`lower(name)`, 'like', sql`${`%${likeEscaped(name.toLowerCase())}%`} ESCAPE '\\'`);
    const rows = await query.orderBy(sql`lower(name)`).orderBy('id').limit(q.limit).execute();
    return rows.map(toClient);
  }
}
