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
