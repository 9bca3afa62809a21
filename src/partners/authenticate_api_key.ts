import type { Context } from '../app/context.js';
import { type ApiKeyScope, hashApiKey } from './rules/api_keys.js';
import { findUnrevokedApiKeyByHash } from './storage/api_keys.js';

export interface Principal {
  /** The credential: an API key's id, or for a browser session the session's id. */
  keyId: string;
  scope: ApiKeyScope;
  affiliateId: string | null;
  /** Set when a signed-in user acts through a session. */
  userId?: string;
  via: 'key' | 'session';
}

/** How long a process trusts what it read about a key: a revocation reaches every process within it. */
export const apiKeyCacheTtlMs = 5_000;
const cacheEntriesMax = 10_000;

/**
 * Resolves a bearer key to its principal; caches hits and misses for `apiKeyCacheTtlMs`, so a
 * key revoked on any process stops working on every process within that time.
 */
export class ApiKeyAuthenticator {
  private readonly cache = new Map<string, { principal: Principal | null; expiresAtMs: number }>();

  constructor(private readonly context: Context) {}

  async authenticate(key: string): Promise<Principal | null> {
    const keyHash = hashApiKey(key);
    const cached = this.cache.get(keyHash);
    if (cached && cached.expiresAtMs > Date.now()) return cached.principal;
    const row = await findUnrevokedApiKeyByHash(this.context.db, keyHash);
    const principal: Principal | null = row
      ? { keyId: row.id, scope: row.scope, affiliateId: row.affiliate_id, via: 'key' }
      : null;
    if (this.cache.size >= cacheEntriesMax) this.cache.clear();
    this.cache.set(keyHash, { principal, expiresAtMs: Date.now() + apiKeyCacheTtlMs });
    return principal;
  }

  /** Drops what this process remembers of a key, so its revocation applies here at once. */
  forget(keyId: string): void {
    for (const [keyHash, entry] of this.cache) {
      if (entry.principal?.keyId === keyId) this.cache.delete(keyHash);
    }
  }
}
