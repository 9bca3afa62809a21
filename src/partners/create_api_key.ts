import type { Context } from '../app/context.js';
import { randomBase62 } from '../platform/ids.js';
import { AppError } from '../platform/rules/errors.js';
import { type ApiKeyScope, hashApiKey } from './rules/api_keys.js';

export interface CreatedApiKey {
  id: string;
  key: string;
  scope: ApiKeyScope;
  name: string;
  affiliateId: string | null;
  createdAt: string;
}

export async function createApiKey(
  context: Context,
  input: { scope: ApiKeyScope; name: string; affiliateId?: string | undefined },
): Promise<CreatedApiKey> {
  const affiliateId = input.scope === 'affiliate' ? (input.affiliateId ?? null) : null;
  if (input.scope === 'affiliate' && !affiliateId) {
    throw new AppError('validation_failed', 'an affiliate key needs the affiliateId it belongs to', {
      path: 'affiliateId',
    });
  }
  if (affiliateId) {
    const found = await context.db.query('SELECT 1 FROM affiliates WHERE id = $1', [affiliateId]);
    if (found.length === 0)
      throw new AppError('not_found', `affiliate ${affiliateId} does not exist`, { path: 'affiliateId' });
  }
  const key = `emd_${input.scope}_${randomBase62(32)}`;
  const id = context.newId('key');
  const createdAt = context.clock.now();
  await context.db.query(
    `INSERT INTO api_keys (id, name, scope, affiliate_id, key_hash, key_prefix, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [id, input.name, input.scope, affiliateId, hashApiKey(key), key.slice(0, 12), createdAt],
  );
  return { id, key, scope: input.scope, name: input.name, affiliateId, createdAt: createdAt.toISOString() };
}

/** Registers the operator-supplied admin key once; starting again with the same key changes nothing. */
export async function ensureBootstrapAdminKey(context: Context, key: string): Promise<void> {
  await context.db.query(
    `INSERT INTO api_keys (id, name, scope, affiliate_id, key_hash, key_prefix, created_at)
     VALUES ($1, 'bootstrap', 'admin', NULL, $2, $3, $4) ON CONFLICT (key_hash) DO NOTHING`,
    [context.newId('key'), hashApiKey(key), key.slice(0, 12), context.clock.now()],
  );
}
