import type { Context } from '../app/context.js';
import type { ApiKeyScope } from './rules/api_keys.js';

/** What an operator may see of a key: never the key itself, its hash or its prefix. */
export interface ApiKeySummary {
  id: string;
  name: string;
  scope: ApiKeyScope;
  affiliateId: string | null;
  createdAt: string;
  revokedAt: string | null;
}

export const apiKeysPageSizeMax = 500;

interface ApiKeyRow {
  id: string;
  name: string;
  scope: ApiKeyScope;
  affiliate_id: string | null;
  created_at: Date;
  revoked_at: Date | null;
}

export const apiKeySummaryColumns = 'id, name, scope, affiliate_id, created_at, revoked_at';

export function apiKeySummary(row: ApiKeyRow): ApiKeySummary {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    affiliateId: row.affiliate_id,
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

/** Keys oldest first, a page at a time: `after` is the last id of the previous page. */
export async function listApiKeys(
  context: Context,
  input: { limit: number; after?: string | undefined },
): Promise<{ keys: ApiKeySummary[]; nextAfter: string | null }> {
  const limit = Math.min(Math.max(1, input.limit), apiKeysPageSizeMax);
  const rows = input.after
    ? await context.db.query<ApiKeyRow>(
        `SELECT ${apiKeySummaryColumns} FROM api_keys
         WHERE (created_at, id) > (SELECT created_at, id FROM api_keys WHERE id = $1)
         ORDER BY created_at, id LIMIT $2`,
        [input.after, limit + 1],
      )
    : await context.db.query<ApiKeyRow>(
        `SELECT ${apiKeySummaryColumns} FROM api_keys ORDER BY created_at, id LIMIT $1`,
        [limit + 1],
      );
  const page = rows.slice(0, limit);
  return {
    keys: page.map(apiKeySummary),
    nextAfter: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}
