import type { Queryable } from '../../platform/db/database.js';
import { agencyFilterOf, type WorkspaceScope } from '../rules/workspace_scope.js';

/** The `agency_internal_teams` table: teams an agency declared its own (free, never earning). */

export interface InternalTeamRow {
  teamId: string;
  agencyId: string;
  createdAt: Date;
  createdBy: string;
}

interface StoredInternalTeam {
  team_id: string;
  agency_id: string;
  created_at: Date;
  created_by: string;
}

const columns = 'team_id, agency_id, created_at, created_by';

function toInternalTeam(row: StoredInternalTeam): InternalTeamRow {
  return {
    teamId: row.team_id,
    agencyId: row.agency_id,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

/**
 * Marks a team internal for the scope's agency unless it is marked already (by anyone); returns
 * the row that holds the team, which another workspace's scope cannot see (null then).
 */
export async function insertInternalTeam(
  tx: Queryable,
  scope: WorkspaceScope,
  team: InternalTeamRow,
): Promise<{ row: InternalTeamRow | null; created: boolean }> {
  const inserted = await tx.query<StoredInternalTeam>(
    `INSERT INTO agency_internal_teams (${columns})
     SELECT $1::text, $2::text, $3::timestamptz, $4::text WHERE $2::text = $5::text OR $5::text IS NULL
     ON CONFLICT (team_id) DO NOTHING RETURNING ${columns}`,
    [team.teamId, team.agencyId, team.createdAt, team.createdBy, agencyFilterOf(scope)],
  );
  if (inserted[0]) return { row: toInternalTeam(inserted[0]), created: true };
  return { row: await loadInternalTeam(tx, scope, team.teamId), created: false };
}

/** The internal-team row of `teamId` if the scope may see it. */
export async function loadInternalTeam(
  db: Queryable,
  scope: WorkspaceScope,
  teamId: string,
): Promise<InternalTeamRow | null> {
  const rows = await db.query<StoredInternalTeam>(
    `SELECT ${columns} FROM agency_internal_teams WHERE team_id = $1 AND (agency_id = $2 OR $2::text IS NULL)`,
    [teamId, agencyFilterOf(scope)],
  );
  return rows[0] ? toInternalTeam(rows[0]) : null;
}

/** Those of `teamIds` an agency the scope covers marked internal. */
export async function loadInternalTeamIds(
  db: Queryable,
  scope: WorkspaceScope,
  teamIds: readonly string[],
): Promise<Set<string>> {
  if (teamIds.length === 0) return new Set();
  const rows = await db.query<{ team_id: string }>(
    `SELECT team_id FROM agency_internal_teams
      WHERE team_id = ANY ($1::text[]) AND (agency_id = $2 OR $2::text IS NULL)`,
    [[...new Set(teamIds)], agencyFilterOf(scope)],
  );
  return new Set(rows.map((row) => row.team_id));
}

/** An agency's internal teams, oldest first, at most `rowsMax`. */
export async function listInternalTeams(
  db: Queryable,
  scope: WorkspaceScope,
  agencyId: string,
  rowsMax: number,
): Promise<InternalTeamRow[]> {
  const rows = await db.query<StoredInternalTeam>(
    `SELECT ${columns} FROM agency_internal_teams
      WHERE agency_id = $1 AND (agency_id = $2 OR $2::text IS NULL)
      ORDER BY created_at, team_id LIMIT $3`,
    [agencyId, agencyFilterOf(scope), rowsMax],
  );
  return rows.map(toInternalTeam);
}
