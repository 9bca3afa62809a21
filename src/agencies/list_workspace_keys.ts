import type { Context } from '../app/context.js';
import { type ApiKeySummary, apiKeySummary } from '../partners/list_api_keys.js';
import { selectAffiliateApiKeys } from '../partners/storage/api_keys.js';
import { loadWorkspaceAgency } from './load_workspace_agency.js';
import type { WorkspaceScope } from './rules/workspace_scope.js';

export const workspaceKeysListMax = 1_000;

/** The agency's keys, revoked ones included, oldest first (never the keys themselves). */
export async function listWorkspaceKeys(
  context: Context,
  scope: WorkspaceScope,
  agencyId: string,
): Promise<ApiKeySummary[]> {
  await loadWorkspaceAgency(context.db, scope, agencyId, 'read');
  return (await selectAffiliateApiKeys(context.db, agencyId, workspaceKeysListMax)).map(apiKeySummary);
}
