import type { Context } from '../app/context.js';
import { type CreatedApiKey, createApiKey } from '../partners/create_api_key.js';
import { loadWorkspaceAgency } from './load_workspace_agency.js';
import type { WorkspaceScope } from './rules/workspace_scope.js';

/** A key that acts for the agency (scope `affiliate`): the workspace's API, for its own scripts. */
export async function createWorkspaceKey(
  context: Context,
  scope: WorkspaceScope,
  agencyId: string,
  name: string,
): Promise<CreatedApiKey> {
  await loadWorkspaceAgency(context.db, scope, agencyId, 'write');
  return createApiKey(context, { scope: 'affiliate', name, affiliateId: agencyId });
}
