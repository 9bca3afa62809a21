import type { Context } from '../app/context.js';
import type { ProjectConfiguration } from './rules/configuration.js';
import type { WorkspaceScope } from './rules/workspace_scope.js';
import type { ConfigurationAuthor } from './storage/project_configuration_versions.js';
import { type WrittenVersion, writeConfigurationVersion } from './write_configuration_version.js';

/** Saves a project's configuration as its next version (an unchanged one answers the current version). */
export function updateConfiguration(
  context: Context,
  scope: WorkspaceScope,
  input: {
    projectId: string;
    configuration: ProjectConfiguration;
    author: ConfigurationAuthor;
    message: string | null;
  },
): Promise<WrittenVersion> {
  return context.db.transaction((tx) => writeConfigurationVersion(context, tx, scope, input));
}
