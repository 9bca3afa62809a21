import type { Context } from '../app/context.js';
import type { ApiKeyScope } from './rules/api_keys.js';
import { type ApiKeyRow, selectApiKeysPage } from './storage/api_keys.js';

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
  // One row more than the page tells whether another page follows.
  const rows = await selectApiKeysPage(context.db, { afterId: input.after, rowsMax: limit + 1 });
  const page = rows.slice(0, limit);
  return {
    keys: page.map(apiKeySummary),
    nextAfter: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}
