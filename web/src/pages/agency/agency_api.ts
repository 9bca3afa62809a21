// What the agency pages read from the public API (see docs/agencies.md for the contract).

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

export interface Project extends ProjectSummary {
  configuration: unknown;
}

export interface Author {
  userId?: string;
  email?: string;
  keyId?: string;
}

export interface ConfigurationVersion {
  version: number;
  configuration: unknown;
  author: Author;
  createdAt: string;
  message: string | null;
}

export type ConfigurationChange =
  | { path: string; op: 'added'; after: unknown }
  | { path: string; op: 'removed'; before: unknown }
  | { path: string; op: 'changed'; before: unknown; after: unknown };

export interface ConfigurationDiff {
  from: number;
  to: number;
  changes: ConfigurationChange[];
}

export interface HandoffResult {
  projectId: string;
  teamId: string;
  handedOffAt: string;
  attributed: boolean;
  source?: string | null;
  affiliateId?: string | null;
  conflictFlagId?: string | null;
  configurationVersion: number;
}

export interface HandoffRow {
  projectId: string;
  projectName: string;
  teamId: string;
  handedOffAt: string;
  attributed: boolean;
  conflictFlagId?: string;
  configurationVersion: number;
}

export interface Member {
  userId: string;
  email: string;
  roles: string[];
  createdAt: string;
}

export interface ClientDomain {
  domain: string;
  agencyId: string;
  createdAt: string;
}

export interface RevenueShareReport {
  from: string;
  to: string;
  totals: { earnedCents: number; clients: number };
  byClient: Array<{
    teamId: string;
    projectId: string | null;
    projectName: string | null;
    series: Array<{ start: string; earnedCents: number }>;
    totalCents: number;
  }>;
}

export function agencyPath(agencyId: string, rest = ''): string {
  return `/v1/agencies/${encodeURIComponent(agencyId)}${rest}`;
}

export function projectApiPath(projectId: string, rest = ''): string {
  return `/v1/projects/${encodeURIComponent(projectId)}${rest}`;
}

/** Who wrote a version, for people: their email, else the key or user id. */
export function authorLabel(author: Author): string {
  if (author.email) return author.email;
  if (author.keyId) return `key ${author.keyId}`;
  return author.userId ? `user ${author.userId}` : 'unknown';
}
