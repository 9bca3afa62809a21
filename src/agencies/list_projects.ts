import type { Context } from '../app/context.js';
import { loadWorkspaceAgency } from './load_workspace_agency.js';
import { type ProjectSummary, projectSummary } from './project_view.js';
import type { WorkspaceScope } from './rules/workspace_scope.js';
import { listAgencyProjects } from './storage/agency_projects.js';
import { loadHandoffsOfProjects } from './storage/project_handoffs.js';

/** At most this many projects are listed (newest first). */
export const projectsListedMax = 500;

export async function listProjects(
  context: Context,
  scope: WorkspaceScope,
  agencyId: string,
): Promise<ProjectSummary[]> {
  await loadWorkspaceAgency(context.db, scope, agencyId, 'read');
  const projects = await listAgencyProjects(context.db, scope, agencyId, projectsListedMax);
  const handoffs = await loadHandoffsOfProjects(
    context.db,
    scope,
    projects.map((project) => project.id),
  );
  return projects.map((project) => projectSummary(project, handoffs.get(project.id)));
}
