import type { Context } from '../app/context.js';
import { evaluateTeamCommissions } from './evaluate_team_commissions.js';
import { milestoneBonusesDue } from './rules/milestone_bonuses.js';
import { lastUtcDayBefore } from './rules/team_evaluation.js';
import { loadMilestoneStandings } from './storage/milestone_facts.js';

/**
 * Of teams that just gained an active day, evaluates those for which a milestone bonus is due
 * now, judged by the same rule and the same facts the evaluation reads, for all of them in one
 * read. Most teams have nothing due (too few active days, or Tier 1 granted and too few members
 * for Tier 2), so they cost no evaluation, no transaction and no billing lock. Answers how many
 * teams were evaluated.
 */
export async function grantMilestonesDue(context: Context, teamIds: readonly string[]): Promise<number> {
  if (teamIds.length === 0) return 0;
  const asOf = context.clock.now();
  // Evaluated as of now, a milestone counts as earned now, under the settings in force now.
  const settings = context.settings.at(asOf);
  const standings = await loadMilestoneStandings(context.db, teamIds, asOf, lastUtcDayBefore(asOf));
  let evaluated = 0;
  for (const standing of standings) {
    if (milestoneBonusesDue(standing.facts, standing.granted, settings).length === 0) continue;
    await evaluateTeamCommissions(context, standing.teamId, asOf);
    evaluated += 1;
  }
  return evaluated;
}
