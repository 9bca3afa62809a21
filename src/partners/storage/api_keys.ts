import type { Queryable } from '../../platform/db/database.js';
import type { ApiKeyScope } from '../rules/api_keys.js';

/** What an operator may see of a key row: never its hash or its prefix. */
export interface ApiKeyRow {
  id: string;
  name: string;
  scope: ApiKeyScope;
  affiliate_id: string | null;
  created_at: Date;
  revoked_at: Date | null;
}

export interface NewApiKeyRow {
  id: string;
  name: string;
  scope: ApiKeyScope;
  affiliateId: string | null;
  keyHash: string;
  keyPrefix: string;
  createdAt: Date;
}

const apiKeyRowColumns = 'id, name, scope, affiliate_id, created_at, revoked_at';

export async function insertApiKey(db: Queryable, key: NewApiKeyRow): Promise<void> {
  await db.query(
    `INSERT INTO api_keys (id, name, scope, affiliate_id, key_hash, key_prefix, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [key.id, key.name, key.scope, key.affiliateId, key.keyHash, key.keyPrefix, key.createdAt],
  );
}

/** Inserts the operator's admin key named `bootstrap` unless a key with its hash exists. */
export async function insertBootstrapAdminKeyOnce(
  db: Queryable,
  key: { id: string; keyHash: string; keyPrefix: string; createdAt: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO api_keys (id, name, scope, affiliate_id, key_hash, key_prefix, created_at)
     VALUES ($1, 'bootstrap', 'admin', NULL, $2, $3, $4) ON CONFLICT (key_hash) DO NOTHING`,
    [key.id, key.keyHash, key.keyPrefix, key.createdAt],
  );
}

/** What authenticating a key needs of its row. */
export interface ApiKeyGrantRow {
  id: string;
  scope: ApiKeyScope;
  affiliate_id: string | null;
}

/** The key that is not revoked with this hash, or null. */
export async function findUnrevokedApiKeyByHash(
  db: Queryable,
  keyHash: string,
): Promise<ApiKeyGrantRow | null> {
  const rows = await db.query<ApiKeyGrantRow>(
    'SELECT id, scope, affiliate_id FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
    [keyHash],
  );
  return rows[0] ?? null;
}

/** Up to `rowsMax` keys oldest first, after the key `afterId` when given. */
export async function selectApiKeysPage(
  db: Queryable,
  page: { afterId?: string | undefined; rowsMax: number },
): Promise<ApiKeyRow[]> {
  return page.afterId
    ? db.query<ApiKeyRow>(
        `SELECT ${apiKeyRowColumns} FROM api_keys
         WHERE (created_at, id) > (SELECT created_at, id FROM api_keys WHERE id = $1)
         ORDER BY created_at, id LIMIT $2`,
        [page.afterId, page.rowsMax],
      )
    : db.query<ApiKeyRow>(`SELECT ${apiKeyRowColumns} FROM api_keys ORDER BY created_at, id LIMIT $1`, [
        page.rowsMax,
      ]);
}

/** Sets `revoked_at` unless it is set already; null when no key has this id. */
export async function markApiKeyRevoked(
  db: Queryable,
  keyId: string,
  revokedAt: Date,
): Promise<ApiKeyRow | null> {
  const rows = await db.query<ApiKeyRow>(
    `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1 RETURNING ${apiKeyRowColumns}`,
    [keyId, revokedAt],
  );
  return rows[0] ?? null;
}

/** One affiliate's keys, oldest first, at most `rowsMax` (an agency's workspace keys). */
export async function selectAffiliateApiKeys(
  db: Queryable,
  affiliateId: string,
  rowsMax: number,
): Promise<ApiKeyRow[]> {
  return db.query<ApiKeyRow>(
    `SELECT ${apiKeyRowColumns} FROM api_keys WHERE affiliate_id = $1 AND scope = 'affiliate'
      ORDER BY created_at, id LIMIT $2`,
    [affiliateId, rowsMax],
  );
}

/** Revokes a key only if it belongs to this affiliate; null when it does not (or does not exist). */
export async function markAffiliateApiKeyRevoked(
  db: Queryable,
  key: { keyId: string; affiliateId: string; revokedAt: Date },
): Promise<ApiKeyRow | null> {
  const rows = await db.query<ApiKeyRow>(
    `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $3)
      WHERE id = $1 AND affiliate_id = $2 AND scope = 'affiliate' RETURNING ${apiKeyRowColumns}`,
    [key.keyId, key.affiliateId, key.revokedAt],
  );
  return rows[0] ?? null;
}
