import type { Context } from '../app/context.js';
import type { Queryable } from '../platform/db/database.js';
import { notFound } from '../platform/rules/errors.js';
import { loadWorkspaceAgency } from './load_workspace_agency.js';
import { type ProjectView, projectSummary } from './project_view.js';
import type { WorkspaceScope } from './rules/workspace_scope.js';
import { loadProject, type ProjectRow } from './storage/agency_projects.js';
import { loadConfigurationVersion } from './storage/project_configuration_versions.js';
import { loadHandoff } from './storage/project_handoffs.js';

/** A project with its current configuration and hand-off; another workspace's project does not exist. */
export async function getProject(
  context: Context,
  scope: WorkspaceScope,
  projectId: string,
): Promise<ProjectView> {
  const project = await loadVisibleProject(context.db, scope, projectId, 'read');
  const current = await loadConfigurationVersion(context.db, scope, projectId, project.currentVersion);
  if (!current) throw new Error(`project ${projectId} has no version ${project.currentVersion}`);
  const handoff = await loadHandoff(context.db, scope, projectId);
  return { ...projectSummary(project, handoff), configuration: current.configuration };
}

/**
 * The project if the scope sees it and its agency may act (`write`) or be read (`read`): a
 * developer affiliate, another workspace or an inactive agency's member gets 404.
 */
export async function loadVisibleProject(
  db: Queryable,
  scope: WorkspaceScope,
  projectId: string,
  intent: 'read' | 'write',
): Promise<ProjectRow> {
  const project = await loadProject(db, scope, projectId);
  if (!project) throw notFound('project', projectId);
  await loadWorkspaceAgency(db, scope, project.agencyId, intent);
  return project;
}
