import type { Queryable } from '../../platform/db/database.js';
import { agencyFilterOf, type WorkspaceScope } from '../rules/workspace_scope.js';
import type { ConfigurationAuthor } from './project_configuration_versions.js';

/** The `project_handoffs` table: a project handed off to a client team, once. Scoped to a workspace. */

export interface HandoffRow {
  projectId: string;
  agencyId: string;
  teamId: string;
  handedOffAt: Date;
  attributed: boolean;
  conflictFlagId: string | null;
  configurationVersion: number;
  referralTag: string | null;
  handedOffBy: ConfigurationAuthor;
}

interface StoredHandoff {
  project_id: string;
  agency_id: string;
  team_id: string;
  handed_off_at: Date;
  attributed: boolean;
  conflict_flag_id: string | null;
  configuration_version: number;
  referral_tag: string | null;
  handed_off_by_user_id: string | null;
  handed_off_by_key_id: string | null;
  handed_off_by_email: string | null;
}

const columns = `h.project_id, h.agency_id, h.team_id, h.handed_off_at, h.attributed, h.conflict_flag_id,
  h.configuration_version, h.referral_tag, h.handed_off_by_user_id, h.handed_off_by_key_id, h.handed_off_by_email`;

function toHandoff(row: StoredHandoff): HandoffRow {
  return {
    projectId: row.project_id,
    agencyId: row.agency_id,
    teamId: row.team_id,
    handedOffAt: row.handed_off_at,
    attributed: row.attributed,
    conflictFlagId: row.conflict_flag_id,
    configurationVersion: row.configuration_version,
    referralTag: row.referral_tag,
    handedOffBy: {
      userId: row.handed_off_by_user_id,
      keyId: row.handed_off_by_key_id,
      email: row.handed_off_by_email,
    },
  };
}

/** Records a hand-off for the scope's agency; false when the project was handed off already or is not in scope. */
export async function insertHandoff(
  tx: Queryable,
  scope: WorkspaceScope,
  handoff: HandoffRow,
): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO project_handoffs (project_id, agency_id, team_id, handed_off_at, attributed, conflict_flag_id,
       configuration_version, referral_tag, handed_off_by_user_id, handed_off_by_key_id, handed_off_by_email)
     SELECT $1::text, $2::text, $3::text, $4::timestamptz, $5::boolean, $6::text, $7::integer, $8::text,
            $9::text, $10::text, $11::text
      WHERE $2::text = $12::text OR $12::text IS NULL
     ON CONFLICT (project_id) DO NOTHING RETURNING project_id`,
    [
      handoff.projectId,
      handoff.agencyId,
      handoff.teamId,
      handoff.handedOffAt,
      handoff.attributed,
      handoff.conflictFlagId,
      handoff.configurationVersion,
      handoff.referralTag,
      handoff.handedOffBy.userId,
      handoff.handedOffBy.keyId,
      handoff.handedOffBy.email,
      agencyFilterOf(scope),
    ],
  );
  return rows.length === 1;
}

/** The project's hand-off if the scope may see it. */
export async function loadHandoff(
  db: Queryable,
  scope: WorkspaceScope,
  projectId: string,
): Promise<HandoffRow | null> {
  const rows = await db.query<StoredHandoff>(
    `SELECT ${columns} FROM project_handoffs h WHERE h.project_id = $1 AND (h.agency_id = $2 OR $2::text IS NULL)`,
    [projectId, agencyFilterOf(scope)],
  );
  return rows[0] ? toHandoff(rows[0]) : null;
}

/** Hand-offs of several projects of the scope, by project id. */
export async function loadHandoffsOfProjects(
  db: Queryable,
  scope: WorkspaceScope,
  projectIds: readonly string[],
): Promise<Map<string, HandoffRow>> {
  const rows = await db.query<StoredHandoff>(
    `SELECT ${columns} FROM project_handoffs h
      WHERE h.project_id = ANY($1::text[]) AND (h.agency_id = $2 OR $2::text IS NULL)`,
    [projectIds, agencyFilterOf(scope)],
  );
  return new Map(rows.map((row) => [row.project_id, toHandoff(row)]));
}

export interface HandoffWithProjectName extends HandoffRow {
  projectName: string;
}

/** An agency's hand-offs, newest first, with their project's name, at most `handoffsMax`. */
export async function listAgencyHandoffs(
  db: Queryable,
  scope: WorkspaceScope,
  agencyId: string,
  handoffsMax: number,
): Promise<HandoffWithProjectName[]> {
  const rows = await db.query<StoredHandoff & { project_name: string }>(
    `SELECT ${columns}, p.name AS project_name
       FROM project_handoffs h JOIN agency_projects p ON p.id = h.project_id
      WHERE h.agency_id = $1 AND (h.agency_id = $2 OR $2::text IS NULL)
      ORDER BY h.handed_off_at DESC, h.project_id DESC LIMIT $3`,
    [agencyId, agencyFilterOf(scope), handoffsMax],
  );
  return rows.map((row) => ({ ...toHandoff(row), projectName: row.project_name }));
}

/** Project ids and names handed off to these teams, by team id (for revenue-share reports). */
export async function loadHandedOffProjectsOfTeams(
  db: Queryable,
  scope: WorkspaceScope,
  teamIds: readonly string[],
): Promise<Map<string, { projectId: string; projectName: string }>> {
  const rows = await db.query<{ team_id: string; project_id: string; name: string }>(
    `SELECT DISTINCT ON (h.team_id) h.team_id, h.project_id, p.name
       FROM project_handoffs h JOIN agency_projects p ON p.id = h.project_id
      WHERE h.team_id = ANY($1::text[]) AND (h.agency_id = $2 OR $2::text IS NULL)
      ORDER BY h.team_id, h.handed_off_at, h.project_id`,
    [teamIds, agencyFilterOf(scope)],
  );
  return new Map(rows.map((row) => [row.team_id, { projectId: row.project_id, projectName: row.name }]));
}
