import type { Context } from '../app/context.js';
import { notFound } from '../platform/rules/errors.js';
import { type ApiKeySummary, apiKeySummary, apiKeySummaryColumns } from './list_api_keys.js';

/**
 * Revokes a key for good; revoking it again changes nothing and keeps the first time. Every
 * process stops accepting it once its authenticator cache entry expires (a few seconds).
 */
export async function revokeApiKey(context: Context, keyId: string): Promise<ApiKeySummary> {
  const rows = await context.db.query<Parameters<typeof apiKeySummary>[0]>(
    `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1 RETURNING ${apiKeySummaryColumns}`,
    [keyId, context.clock.now()],
  );
  const row = rows[0];
  if (!row) throw notFound('API key', keyId);
  return apiKeySummary(row);
}
