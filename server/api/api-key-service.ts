// Creating and checking API keys. The key is shown once, at creation; afterwards only its hash and
// hint exist. Checking looks the key up by its hash and compares in constant time; last_used_at is
// written at most once a minute per key (a write per request would be a write per call).
import { randomBytes } from 'node:crypto';
import { sameSecret, sha256Hex } from '../practice/secret-tokens.js';
import type { ApiKey, ApiKeyStore } from '../store/api-keys.js';
import type { ApiKeyScope } from '../store/schema.js';

export const API_KEY_PREFIX = 'vst_';
const KEY_PATTERN = /^vst_[A-Za-z0-9_-]{43}$/;
const TOUCH_EVERY_MS = 60_000;

export interface CreatedApiKey {
  key: ApiKey;
  /** The secret itself: hand it to the person once, never store or log it. */
  secret: string;
}

export class ApiKeyService {
  constructor(
    private readonly store: ApiKeyStore,
    private readonly now: () => number,
  ) {}

  async create(name: string, scope: ApiKeyScope, createdBy: string | null): Promise<CreatedApiKey> {
    const secret = API_KEY_PREFIX + randomBytes(32).toString('base64url');
    const key = await this.store.create({ name, scope, hash: sha256Hex(secret), hint: secret.slice(-4), createdBy }, this.now());
    return { key, secret };
  }

  /** The key this secret is, if it exists and is not revoked. */
  async authenticate(secret: string): Promise<ApiKey | null> {
    if (!KEY_PATTERN.test(secret)) return null;
    const hash = sha256Hex(secret);
    const found = await this.store.byHash(hash);
    if (!found || !sameSecret(found.hash, hash) || found.revokedAt !== null) return null;
    const now = this.now();
    if (found.lastUsedAt === null || now - found.lastUsedAt >= TOUCH_EVERY_MS) await this.store.touch(found.id, now);
    const { hash: _hash, ...key } = found;
    return { ...key, lastUsedAt: now };
  }

  list(): Promise<ApiKey[]> {
    return this.store.list();
  }

  revoke(id: string): Promise<boolean> {
    return this.store.revoke(id, this.now());
  }
}

/** The SHA-256 of a presented key, for rate limits counted per key without keeping the key. */
export const keyFingerprint = (secret: string): string => sha256Hex(secret).slice(0, 32);
