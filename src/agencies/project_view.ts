import type { ProjectRow } from './storage/agency_projects.js';
import type {
  ConfigurationAuthor,
  ConfigurationVersionRow,
} from './storage/project_configuration_versions.js';
import type { HandoffRow } from './storage/project_handoffs.js';

/** How projects, versions and hand-offs read in the API (times ISO 8601, absent author fields left out). */

export interface AuthorView {
  userId?: string;
  email?: string;
  keyId?: string;
}

export interface HandoffSummary {
  teamId: string;
  handedOffAt: string;
  attributed: boolean;
  conflictFlagId?: string;
}

export interface ProjectSummary {
  id: string;
  agencyId: string;
  name: string;
  clientDomain: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  handoff: HandoffSummary | null;
}

export interface ProjectView extends ProjectSummary {
  configuration: Record<string, unknown>;
}

export interface ConfigurationVersionView {
  version: number;
  configuration: Record<string, unknown>;
  author: AuthorView;
  createdAt: string;
  message: string | null;
}

export function authorView(author: ConfigurationAuthor): AuthorView {
  return {
    ...(author.userId ? { userId: author.userId } : {}),
    ...(author.email ? { email: author.email } : {}),
    ...(author.keyId ? { keyId: author.keyId } : {}),
  };
}

export function handoffSummary(handoff: HandoffRow | null | undefined): HandoffSummary | null {
  if (!handoff) return null;
  return {
    teamId: handoff.teamId,
    handedOffAt: handoff.handedOffAt.toISOString(),
    attributed: handoff.attributed,
    ...(handoff.conflictFlagId ? { conflictFlagId: handoff.conflictFlagId } : {}),
  };
}

export function projectSummary(project: ProjectRow, handoff: HandoffRow | null | undefined): ProjectSummary {
  return {
    id: project.id,
    agencyId: project.agencyId,
    name: project.name,
    clientDomain: project.clientDomain,
    version: project.currentVersion,
    createdAt: project.createdAt.toISOString(),
    updatedAt: project.updatedAt.toISOString(),
    handoff: handoffSummary(handoff),
  };
}

export function versionView(version: ConfigurationVersionRow): ConfigurationVersionView {
  return {
    version: version.version,
    configuration: version.configuration,
    author: authorView(version.author),
    createdAt: version.createdAt.toISOString(),
    message: version.message,
  };
}
