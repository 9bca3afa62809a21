import type { Context } from '../app/context.js';
import { randomBase62 } from '../platform/ids.js';
import { AppError } from '../platform/rules/errors.js';
import { type ApiKeyScope, hashApiKey } from './rules/api_keys.js';
import { affiliateExists } from './storage/affiliates.js';
import { insertApiKey, insertBootstrapAdminKeyOnce } from './storage/api_keys.js';

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
  if (affiliateId && !(await affiliateExists(context.db, affiliateId))) {
    throw new AppError('not_found', `affiliate ${affiliateId} does not exist`, { path: 'affiliateId' });
  }
  const key = `emd_${input.scope}_${randomBase62(32)}`;
  const id = context.newId('key');
  const createdAt = context.clock.now();
  await insertApiKey(context.db, {
    id,
    name: input.name,
    scope: input.scope,
    affiliateId,
    keyHash: hashApiKey(key),
    keyPrefix: key.slice(0, 12),
    createdAt,
  });
  return { id, key, scope: input.scope, name: input.name, affiliateId, createdAt: createdAt.toISOString() };
}

/** Registers the operator-supplied admin key once; starting again with the same key changes nothing. */
export async function ensureBootstrapAdminKey(context: Context, key: string): Promise<void> {
  await insertBootstrapAdminKeyOnce(context.db, {
    id: context.newId('key'),
    keyHash: hashApiKey(key),
    keyPrefix: key.slice(0, 12),
    createdAt: context.clock.now(),
  });
}
