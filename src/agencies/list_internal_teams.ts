import type { Context } from '../app/context.js';
import { loadWorkspaceAgency } from './load_workspace_agency.js';
import type { InternalTeamView } from './mark_internal_team.js';
import type { WorkspaceScope } from './rules/workspace_scope.js';
import { listInternalTeams as loadInternalTeams } from './storage/agency_internal_teams.js';

export const internalTeamsListMax = 1_000;

/** The teams the agency marked internal, oldest first. */
export async function listInternalTeams(
  context: Context,
  scope: WorkspaceScope,
  agencyId: string,
): Promise<InternalTeamView[]> {
  await loadWorkspaceAgency(context.db, scope, agencyId, 'read');
  const rows = await loadInternalTeams(context.db, scope, agencyId, internalTeamsListMax);
  return rows.map((row) => ({
    teamId: row.teamId,
    agencyId: row.agencyId,
    createdAt: row.createdAt.toISOString(),
  }));
}
