import type { Queryable } from '../../platform/db/database.js';

/** The `team_member_counts` table: every team-size report, kept in arrival order. */
export async function insertTeamMemberCount(
  tx: Queryable,
  report: { teamId: string; members: number; occurredAt: Date },
): Promise<void> {
  await tx.query('INSERT INTO team_member_counts (team_id, members, occurred_at) VALUES ($1, $2, $3)', [
    report.teamId,
    report.members,
    report.occurredAt,
  ]);
}

/** The size the latest report on or before `asOf` gave; null when nobody reported on the team. */
export async function loadTeamMembersAsOf(db: Queryable, teamId: string, asOf: Date): Promise<number | null> {
  const [row] = await db.query<{ members: number }>(
    `SELECT members FROM team_member_counts WHERE team_id = $1 AND occurred_at <= $2
      ORDER BY occurred_at DESC, id DESC LIMIT 1`,
    [teamId, asOf],
  );
  return row?.members ?? null;
}

/** Every size report of each of `teamIds`, oldest first; teams nobody reported on get none. */
export async function loadMemberReportsOfTeams(
  db: Queryable,
  teamIds: readonly string[],
): Promise<Map<string, Array<{ members: number; occurredAt: Date }>>> {
  const rows = await db.query<{ team_id: string; members: number; occurred_at: Date }>(
    `SELECT team_id, members, occurred_at FROM team_member_counts
      WHERE team_id = ANY($1::text[]) ORDER BY team_id, occurred_at, id`,
    [teamIds],
  );
  const byTeam = new Map<string, Array<{ members: number; occurredAt: Date }>>();
  for (const row of rows) {
    const reports = byTeam.get(row.team_id) ?? [];
    reports.push({ members: row.members, occurredAt: row.occurred_at });
    byTeam.set(row.team_id, reports);
  }
  return byTeam;
}
