// API keys for other systems. A key is `vst_` and 256 random bits, shown once; the store keeps its
// SHA-256 (a copy of the database opens nothing), its last four characters as a hint, its scope,
// when it was last used, and when it was revoked.
import type { ApiKeyScope } from './schema.js';
import type { Db } from './db.js';
import { newId } from './appointments.js';

export interface ApiKey {
  id: string;
  name: string;
  hint: string;
  scope: ApiKeyScope;
  createdAt: number;
  createdBy: string | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface ApiKeyWithHash extends ApiKey {
  hash: string;
}

type Row = {
  id: string;
  name: string;
  hash: string;
  hint: string;
  scope: ApiKeyScope;
  created_at: number;
  created_by: string | null;
  last_used_at: number | null;
  revoked_at: number | null;
};

const toKey = (r: Row): ApiKeyWithHash => ({
  id: r.id,
  name: r.name,
  hash: r.hash,
  hint: r.hint,
  scope: r.scope,
  createdAt: Number(r.created_at),
  createdBy: r.created_by,
  lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
  revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
});

export class ApiKeyStore {
  constructor(private readonly db: Db) {}

  async create(
    k: { name: string; hash: string; hint: string; scope: ApiKeyScope; createdBy: string | null },
    now: number,
  ): Promise<ApiKey> {
    const id = newId(9);
    await this.db
      .insertInto('api_keys')
      .values({
        id,
        name: k.name,
        hash: k.hash,
        hint: k.hint,
        scope: k.scope,
        created_at: now,
        created_by: k.createdBy,
        last_used_at: null,
        revoked_at: null,
      })
      .execute();
    return (await this.byId(id))!;
  }

  async byId(id: string): Promise<ApiKey | undefined> {
    const r = await this.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return r && withoutHash(toKey(r));
  }

  async byHash(hash: string): Promise<ApiKeyWithHash | undefined> {
    const r = await this.db.selectFrom('api_keys').selectAll().where('hash', '=', hash).executeTakeFirst();
    return r && toKey(r);
  }

  /** Newest first, revoked ones included (the list says so). */
  async list(): Promise<ApiKey[]> {
    const rows = await this.db.selectFrom('api_keys').selectAll().orderBy('created_at', 'desc').orderBy('id').execute();
    return rows.map((r) => withoutHash(toKey(r)));
  }

  async touch(id: string, now: number): Promise<void> {
    await this.db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', id).execute();
  }

  /** False when there is no such key or it was already revoked. */
  async revoke(id: string, now: number): Promise<boolean> {
    const r = await this.db
      .updateTable('api_keys')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return r.numUpdatedRows === 1n;
  }
}

function withoutHash(k: ApiKeyWithHash): ApiKey {
  const { hash: _hash, ...rest } = k;
  return rest;
}
