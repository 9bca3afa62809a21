import type { Context } from '../app/context.js';
import { notFound } from '../platform/rules/errors.js';
import { type ApiKeySummary, apiKeySummary } from './list_api_keys.js';
import { markApiKeyRevoked } from './storage/api_keys.js';

/**
 * Revokes a key for good; revoking it again changes nothing and keeps the first time. Every
 * process stops accepting it once its authenticator cache entry expires (a few seconds).
 */
export async function revokeApiKey(context: Context, keyId: string): Promise<ApiKeySummary> {
  const revoked = await markApiKeyRevoked(context.db, keyId, context.clock.now());
  if (!revoked) throw notFound('API key', keyId);
  return apiKeySummary(revoked);
}
