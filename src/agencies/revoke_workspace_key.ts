import type { Context } from '../app/context.js';
import { type ApiKeySummary, apiKeySummary } from '../partners/list_api_keys.js';
import { markAffiliateApiKeyRevoked } from '../partners/storage/api_keys.js';
import { AppError } from '../platform/rules/errors.js';
import { loadWorkspaceAgency } from './load_workspace_agency.js';
import type { WorkspaceScope } from './rules/workspace_scope.js';

/** Revokes one of the agency's keys; another workspace's key (or any other) is not found. */
export async function revokeWorkspaceKey(
  context: Context,
  scope: WorkspaceScope,
  agencyId: string,
  keyId: string,
): Promise<ApiKeySummary> {
  await loadWorkspaceAgency(context.db, scope, agencyId, 'write');
  const revoked = await markAffiliateApiKeyRevoked(context.db, {
    keyId,
    affiliateId: agencyId,
    revokedAt: context.clock.now(),
  });
  if (!revoked) throw new AppError('not_found', `key ${keyId} does not exist`);
  return apiKeySummary(revoked);
}
