import type { Context } from '../app/context.js';
import { loadWorkspaceAgency } from './load_workspace_agency.js';
import type { WorkspaceScope } from './rules/workspace_scope.js';

export interface WorkspaceView {
  id: string;
  name: string;
  email: string;
  status: string;
  createdAt: string;
}

/** The agency behind a workspace. */
export async function getWorkspace(
  context: Context,
  scope: WorkspaceScope,
  agencyId: string,
): Promise<WorkspaceView> {
  const agency = await loadWorkspaceAgency(context.db, scope, agencyId, 'read');
  return {
    id: agency.id,
    name: agency.name,
    email: agency.email,
    status: agency.status,
    createdAt: agency.created_at.toISOString(),
  };
}
