import type { Context } from '../app/context.js';
import { notFound } from '../platform/rules/errors.js';
import { loadVisibleProject } from './get_project.js';
import { type ConfigurationDiff, diffConfigurations } from './rules/configuration_diff.js';
import type { WorkspaceScope } from './rules/workspace_scope.js';
import { loadConfigurationVersion } from './storage/project_configuration_versions.js';

export interface VersionsDiff extends ConfigurationDiff {
  from: number;
  to: number;
}

/** What changed from one version of a project's configuration to another (either order). */
export async function diffConfigurationVersions(
  context: Context,
  scope: WorkspaceScope,
  query: { projectId: string; from: number; to: number },
): Promise<VersionsDiff> {
  await loadVisibleProject(context.db, scope, query.projectId, 'read');
  const from = await loadConfigurationVersion(context.db, scope, query.projectId, query.from);
  if (!from) throw notFound('version', String(query.from), 'from');
  const to = await loadConfigurationVersion(context.db, scope, query.projectId, query.to);
  if (!to) throw notFound('version', String(query.to), 'to');
  return { from: query.from, to: query.to, ...diffConfigurations(from.configuration, to.configuration) };
}
