import type { Queryable } from '../../platform/db/database.js';
import { agencyFilterOf, type WorkspaceScope } from '../rules/workspace_scope.js';

/** The `agency_projects` table: an agency's client projects. Every read and write is scoped to a workspace. */

export interface ProjectRow {
  id: string;
  agencyId: string;
  name: string;
  clientDomain: string | null;
  currentVersion: number;
  createdAt: Date;
  updatedAt: Date;
}

interface StoredProject {
  id: string;
  agency_id: string;
  name: string;
  client_domain: string | null;
  current_version: number;
  created_at: Date;
  updated_at: Date;
}

const columns = 'id, agency_id, name, client_domain, current_version, created_at, updated_at';

function toProject(row: StoredProject): ProjectRow {
  return {
    id: row.id,
    agencyId: row.agency_id,
    name: row.name,
    clientDomain: row.client_domain,
    currentVersion: row.current_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Inserts a project at version 1 for the scope's agency; false when the scope does not cover it. */
export async function insertProject(
  tx: Queryable,
  scope: WorkspaceScope,
  project: Omit<ProjectRow, 'currentVersion' | 'updatedAt'>,
): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO agency_projects (${columns})
     SELECT $1::text, $2::text, $3::text, $4::text, 1, $5::timestamptz, $5::timestamptz
      WHERE $2::text = $6::text OR $6::text IS NULL
     RETURNING id`,
    [
      project.id,
      project.agencyId,
      project.name,
      project.clientDomain,
      project.createdAt,
      agencyFilterOf(scope),
    ],
  );
  return rows.length === 1;
}

/** The project if the scope may see it; null otherwise (another workspace's project does not exist). */
export async function loadProject(
  db: Queryable,
  scope: WorkspaceScope,
  projectId: string,
): Promise<ProjectRow | null> {
  const rows = await db.query<StoredProject>(
    `SELECT ${columns} FROM agency_projects WHERE id = $1 AND (agency_id = $2 OR $2::text IS NULL)`,
    [projectId, agencyFilterOf(scope)],
  );
  return rows[0] ? toProject(rows[0]) : null;
}

/** The same, its row locked until the transaction ends (versions and the hand-off are written one at a time). */
export async function lockProject(
  tx: Queryable,
  scope: WorkspaceScope,
  projectId: string,
): Promise<ProjectRow | null> {
  const rows = await tx.query<StoredProject>(
    `SELECT ${columns} FROM agency_projects WHERE id = $1 AND (agency_id = $2 OR $2::text IS NULL) FOR UPDATE`,
    [projectId, agencyFilterOf(scope)],
  );
  return rows[0] ? toProject(rows[0]) : null;
}

/** Moves the project to its new current version. */
export async function setProjectCurrentVersion(
  tx: Queryable,
  scope: WorkspaceScope,
  update: { projectId: string; version: number; updatedAt: Date },
): Promise<void> {
  const rows = await tx.query(
    `UPDATE agency_projects SET current_version = $2, updated_at = $3
      WHERE id = $1 AND (agency_id = $4 OR $4::text IS NULL) AND current_version = $2 - 1 RETURNING id`,
    [update.projectId, update.version, update.updatedAt, agencyFilterOf(scope)],
  );
  if (rows.length !== 1)
    throw new Error(`project ${update.projectId} is not at version ${update.version - 1}`);
}

/** An agency's projects, newest first, at most `projectsMax`. */
export async function listAgencyProjects(
  db: Queryable,
  scope: WorkspaceScope,
  agencyId: string,
  projectsMax: number,
): Promise<ProjectRow[]> {
  const rows = await db.query<StoredProject>(
    `SELECT ${columns} FROM agency_projects
      WHERE agency_id = $1 AND (agency_id = $2 OR $2::text IS NULL)
      ORDER BY created_at DESC, id DESC LIMIT $3`,
    [agencyId, agencyFilterOf(scope), projectsMax],
  );
  return rows.map(toProject);
}
