import type { Context } from '../app/context.js';
import { AppError } from '../platform/rules/errors.js';
import { isValidHostname } from '../referrals/rules/domain_claims.js';
import { loadWorkspaceAgency } from './load_workspace_agency.js';
import { type ProjectView, projectSummary } from './project_view.js';
import type { ProjectConfiguration } from './rules/configuration.js';
import type { WorkspaceScope } from './rules/workspace_scope.js';
import { insertProject, loadProject } from './storage/agency_projects.js';
import {
  type ConfigurationAuthor,
  insertConfigurationVersion,
} from './storage/project_configuration_versions.js';

export interface NewProjectInput {
  agencyId: string;
  name: string;
  clientDomain: string | null;
  configuration: ProjectConfiguration;
  author: ConfigurationAuthor;
}

/** A new client project of an active agency, with its configuration as version 1. */
export async function createProject(
  context: Context,
  scope: WorkspaceScope,
  input: NewProjectInput,
): Promise<ProjectView> {
  const clientDomain = input.clientDomain === null ? null : normalizedClientDomain(input.clientDomain);
  const now = context.clock.now();
  const projectId = context.newId('prj');
  return context.db.transaction(async (tx) => {
    await loadWorkspaceAgency(tx, scope, input.agencyId, 'write');
    const inserted = await insertProject(tx, scope, {
      id: projectId,
      agencyId: input.agencyId,
      name: input.name,
      clientDomain,
      createdAt: now,
    });
    if (!inserted) throw new AppError('not_found', `agency ${input.agencyId} does not exist`);
    const versioned = await insertConfigurationVersion(tx, scope, {
      projectId,
      version: 1,
      configuration: input.configuration,
      author: input.author,
      message: 'Created the project',
      createdAt: now,
    });
    if (!versioned) throw new Error(`project ${projectId} vanished while it was created`);
    const project = (await loadProject(tx, scope, projectId))!;
    return { ...projectSummary(project, null), configuration: input.configuration };
  });
}

function normalizedClientDomain(typed: string): string {
  const domain = typed.trim().toLowerCase().replace(/\.$/, '');
  if (!isValidHostname(domain)) {
    throw new AppError('validation_failed', `${typed} is not a valid hostname such as client.example`, {
      path: 'clientDomain',
    });
  }
  return domain;
}
