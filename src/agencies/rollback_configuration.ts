import type { Context } from '../app/context.js';
import { notFound } from '../platform/rules/errors.js';
import type { WorkspaceScope } from './rules/workspace_scope.js';
import { loadProject } from './storage/agency_projects.js';
import {
  type ConfigurationAuthor,
  loadConfigurationVersion,
} from './storage/project_configuration_versions.js';
import { type WrittenVersion, writeConfigurationVersion } from './write_configuration_version.js';

/**
 * Rolls a project back to an earlier version: a new version equal to it (history is never
 * rewritten), with the message "Rolled back to version N" unless one is given.
 */
export function rollbackConfiguration(
  context: Context,
  scope: WorkspaceScope,
  input: { projectId: string; version: number; author: ConfigurationAuthor; message: string | null },
): Promise<WrittenVersion> {
  return context.db.transaction(async (tx) => {
    if (!(await loadProject(tx, scope, input.projectId))) throw notFound('project', input.projectId);
    const target = await loadConfigurationVersion(tx, scope, input.projectId, input.version);
    if (!target) throw notFound('version', String(input.version), 'version');
    return writeConfigurationVersion(context, tx, scope, {
      projectId: input.projectId,
      configuration: target.configuration,
      author: input.author,
      message: input.message ?? `Rolled back to version ${input.version}`,
    });
  });
}
