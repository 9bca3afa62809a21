import type { Context } from '../app/context.js';
import type { Queryable } from '../platform/db/database.js';
import { notFound } from '../platform/rules/errors.js';
import { loadWorkspaceAgency } from './load_workspace_agency.js';
import { type ConfigurationVersionView, versionView } from './project_view.js';
import { sameConfiguration } from './rules/configuration.js';
import type { WorkspaceScope } from './rules/workspace_scope.js';
import { lockProject, setProjectCurrentVersion } from './storage/agency_projects.js';
import {
  type ConfigurationAuthor,
  insertConfigurationVersion,
  loadConfigurationVersion,
} from './storage/project_configuration_versions.js';

export interface WrittenVersion extends ConfigurationVersionView {
  /** False when the configuration equalled the current one: nothing was written. */
  created: boolean;
}

/**
 * Inside the caller's transaction: makes `configuration` the project's next version, unless it
 * equals the current one (key order aside), in which case the current version is the answer and
 * nothing is written, so repeating a save is harmless. The project row is locked first, so
 * concurrent saves get consecutive versions.
 */
export async function writeConfigurationVersion(
  context: Context,
  tx: Queryable,
  scope: WorkspaceScope,
  change: {
    projectId: string;
    configuration: Record<string, unknown>;
    author: ConfigurationAuthor;
    message: string | null;
  },
): Promise<WrittenVersion> {
  const project = await lockProject(tx, scope, change.projectId);
  if (!project) throw notFound('project', change.projectId);
  await loadWorkspaceAgency(tx, scope, project.agencyId, 'write');
  const current = await loadConfigurationVersion(tx, scope, project.id, project.currentVersion);
  if (!current) throw new Error(`project ${project.id} has no version ${project.currentVersion}`);
  if (sameConfiguration(current.configuration, change.configuration)) {
    return { ...versionView(current), created: false };
  }
  const now = context.clock.now();
  const next = {
    projectId: project.id,
    version: project.currentVersion + 1,
    configuration: change.configuration,
    author: change.author,
    message: change.message,
    createdAt: now,
  };
  if (!(await insertConfigurationVersion(tx, scope, next))) throw notFound('project', change.projectId);
  await setProjectCurrentVersion(tx, scope, { projectId: project.id, version: next.version, updatedAt: now });
  return { ...versionView(next), created: true };
}
