import type { Queryable } from '../../platform/db/database.js';
import { agencyFilterOf, type WorkspaceScope } from '../rules/workspace_scope.js';

/**
 * The `project_configuration_versions` table: every configuration a project had, append-only.
 * Rows are scoped through their project's agency, so another workspace's versions do not exist.
 */

export interface ConfigurationAuthor {
  userId: string | null;
  keyId: string | null;
  email: string | null;
}

export interface ConfigurationVersionRow {
  projectId: string;
  version: number;
  configuration: Record<string, unknown>;
  author: ConfigurationAuthor;
  message: string | null;
  createdAt: Date;
}

interface StoredVersion {
  project_id: string;
  version: number;
  configuration: Record<string, unknown>;
  author_user_id: string | null;
  author_key_id: string | null;
  author_email: string | null;
  message: string | null;
  created_at: Date;
}

const columns =
  'v.project_id, v.version, v.configuration, v.author_user_id, v.author_key_id, v.author_email, v.message, v.created_at';
const inScope =
  'EXISTS (SELECT 1 FROM agency_projects p WHERE p.id = v.project_id AND (p.agency_id = $2 OR $2::text IS NULL))';

function toVersion(row: StoredVersion): ConfigurationVersionRow {
  return {
    projectId: row.project_id,
    version: row.version,
    configuration: row.configuration,
    author: { userId: row.author_user_id, keyId: row.author_key_id, email: row.author_email },
    message: row.message,
    createdAt: row.created_at,
  };
}

/** Appends a version of a project the scope covers; false when it does not (nothing written). */
export async function insertConfigurationVersion(
  tx: Queryable,
  scope: WorkspaceScope,
  version: ConfigurationVersionRow,
): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO project_configuration_versions
       (project_id, version, configuration, author_user_id, author_key_id, author_email, message, created_at)
     SELECT $1::text, $3::integer, $4::jsonb, $5::text, $6::text, $7::text, $8::text, $9::timestamptz
      WHERE EXISTS (SELECT 1 FROM agency_projects p WHERE p.id = $1 AND (p.agency_id = $2 OR $2::text IS NULL))
     RETURNING version`,
    [
      version.projectId,
      agencyFilterOf(scope),
      version.version,
      JSON.stringify(version.configuration),
      version.author.userId,
      version.author.keyId,
      version.author.email,
      version.message,
      version.createdAt,
    ],
  );
  return rows.length === 1;
}

/** One version of a project the scope covers; null when either does not exist for it. */
export async function loadConfigurationVersion(
  db: Queryable,
  scope: WorkspaceScope,
  projectId: string,
  version: number,
): Promise<ConfigurationVersionRow | null> {
  const rows = await db.query<StoredVersion>(
    `SELECT ${columns} FROM project_configuration_versions v
      WHERE v.project_id = $1 AND ${inScope} AND v.version = $3`,
    [projectId, agencyFilterOf(scope), version],
  );
  return rows[0] ? toVersion(rows[0]) : null;
}

/** A project's versions, newest first, at most `versionsMax` (older than `beforeVersion` when given). */
export async function listConfigurationVersions(
  db: Queryable,
  scope: WorkspaceScope,
  page: { projectId: string; beforeVersion: number | null; versionsMax: number },
): Promise<ConfigurationVersionRow[]> {
  const rows = await db.query<StoredVersion>(
    `SELECT ${columns} FROM project_configuration_versions v
      WHERE v.project_id = $1 AND ${inScope} AND ($3::integer IS NULL OR v.version < $3)
      ORDER BY v.version DESC LIMIT $4`,
    [page.projectId, agencyFilterOf(scope), page.beforeVersion, page.versionsMax],
  );
  return rows.map(toVersion);
}
