import type { Context } from '../app/context.js';
import { loadVisibleProject } from './get_project.js';
import { type ConfigurationVersionView, versionView } from './project_view.js';
import type { WorkspaceScope } from './rules/workspace_scope.js';
import { listConfigurationVersions } from './storage/project_configuration_versions.js';

/** At most this many versions a page; `before` pages further back. */
export const versionsListedMax = 100;

/** A project's configuration history, newest first. */
export async function listVersions(
  context: Context,
  scope: WorkspaceScope,
  query: { projectId: string; before: number | null; limit: number },
): Promise<ConfigurationVersionView[]> {
  await loadVisibleProject(context.db, scope, query.projectId, 'read');
  const versions = await listConfigurationVersions(context.db, scope, {
    projectId: query.projectId,
    beforeVersion: query.before,
    versionsMax: Math.min(query.limit, versionsListedMax),
  });
  return versions.map(versionView);
}
