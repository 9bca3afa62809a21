import type { Queryable } from '../../platform/db/database.js';
import { commissionIdSql } from '../../platform/db/embedded_id_sql.js';
import { unreferredStatuses } from '../../referrals/rules/lifecycle.js';
import { referredTeamSql } from '../../referrals/storage/referred_team_sql.js';
import type { TeamMilestoneFacts } from '../rules/milestone_bonuses.js';
import { type MilestoneTier, type ReferralSource, referralSourceOf } from '../rules/tiers.js';

export interface TeamMilestoneStanding {
  teamId: string;
  facts: TeamMilestoneFacts;
  granted: Set<MilestoneTier>;
}

/**
 * For each referred team of `teamIds` still without Tier 2, the facts a milestone evaluation as
 * of `asOf` judges (the same reads, in one statement for many teams): active days from the signup
 * day to `toDay`, members as of `asOf` (one when nobody reported), and the milestones granted.
 */
export async function loadMilestoneStandings(
  db: Queryable,
  teamIds: readonly string[],
  asOf: Date,
  toDay: string,
): Promise<TeamMilestoneStanding[]> {
  const rows = await db.query<{
    id: string;
    source: ReferralSource | null;
    members: number;
    active_days: number;
    has_tier1: boolean;
  }>(
    `SELECT t.id, t.source,
            coalesce((SELECT m.members FROM team_member_counts m WHERE m.team_id = t.id AND m.occurred_at <= $2
                       ORDER BY m.occurred_at DESC, m.id DESC LIMIT 1), 1) AS members,
            (SELECT count(*) FROM team_usage_days d
              WHERE d.team_id = t.id AND d.api_calls > 0
                AND d.day >= (t.signed_up_at AT TIME ZONE 'UTC')::date AND d.day <= $3::date) AS active_days,
            EXISTS (SELECT 1 FROM commissions c WHERE c.id = ${commissionIdSql({ tier: "'tier1'", teamId: 't.id' })}) AS has_tier1
       FROM unnest($1::text[]) AS wanted (id) JOIN teams t ON t.id = wanted.id
      WHERE ${referredTeamSql('t', '$4')}
        AND NOT EXISTS (SELECT 1 FROM commissions c WHERE c.id = ${commissionIdSql({ tier: "'tier2'", teamId: 't.id' })})
      ORDER BY t.id`,
    [teamIds, asOf, toDay, unreferredStatuses],
  );
  return rows.map((row) => ({
    teamId: row.id,
    facts: { source: referralSourceOf(row.source), members: row.members, activeDays: row.active_days },
    granted: new Set<MilestoneTier>(row.has_tier1 ? ['tier1'] : []),
  }));
}
