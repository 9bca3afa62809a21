import type { Context } from '../app/context.js';
import { evaluateTeamCommissions } from '../commissions/evaluate_team_commissions.js';
import { teamsAwaitingMilestones } from '../commissions/storage/commissions.js';
import { AppError } from '../platform/rules/errors.js';
import { reportedTimeRefusal } from '../platform/rules/reported_time.js';
import { insertTeamMemberCount } from './storage/team_member_counts.js';
import { lockTeam, setTeamMembersToLatestReport } from './storage/teams.js';

export const teamMembersMax = 1_000_000;

export interface TeamMembersAnswer {
  teamId: string;
  /** The team's size as of its latest report (reports may arrive out of order). */
  members: number;
}

/** Records a team-size report; `teams.members` follows the report with the latest occurredAt. */
export async function recordTeamMembers(
  context: Context,
  input: { teamId: string; members: number; occurredAt?: Date | undefined },
): Promise<TeamMembersAnswer> {
  const now = context.clock.now();
  const occurredAt = input.occurredAt ?? now;
  const refusal = reportedTimeRefusal(occurredAt, now);
  if (refusal) throw new AppError('validation_failed', `occurredAt ${refusal}`, { path: 'occurredAt' });
  if (!Number.isSafeInteger(input.members) || input.members < 1 || input.members > teamMembersMax) {
    throw new AppError('validation_failed', `members must be an integer from 1 to ${teamMembersMax}`, {
      path: 'members',
    });
  }
  const answer = await context.db.transaction(async (tx) => {
    if (!(await lockTeam(tx, input.teamId))) {
      throw new AppError('not_found', `team ${input.teamId} never signed up`, { path: 'teamId' });
    }
    await insertTeamMemberCount(tx, { teamId: input.teamId, members: input.members, occurredAt });
    return { teamId: input.teamId, members: await setTeamMembersToLatestReport(tx, input.teamId) };
  });
  // Tier 2 needs enough members: only a report that reaches the minimum can newly meet it. Evaluated
  // after the report committed, in a transaction of its own (it takes the billing lock first).
  const { tier2MembersMin } = (await context.settings.fresh()).at(now);
  if (
    answer.members >= tier2MembersMin &&
    (await teamsAwaitingMilestones(context.db, [input.teamId])).length > 0
  ) {
    await evaluateTeamCommissions(context, input.teamId);
  }
  return answer;
}
