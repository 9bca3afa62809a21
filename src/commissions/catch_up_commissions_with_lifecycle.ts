import type { Queryable } from '../platform/db/database.js';
import { loadReferralEvents } from '../referrals/storage/referral_events.js';
import { makeTeamCommissionsEligibleIn } from './make_commissions_eligible_for_team.js';
import { commissionStepForStages } from './rules/commission_state.js';
import { vestTeamCommissionsIn } from './vest_commissions_for_team.js';

/**
 * Moves the team's commissions to where its lifecycle says they belong (a commission granted
 * after the team paid vests at once, after it was sustained becomes eligible). Inside the
 * caller's transaction; repeating it changes nothing.
 */
export async function catchUpCommissionsWithLifecycleIn(
  tx: Queryable,
  input: { teamId: string; at: Date },
): Promise<{ vested: number; eligible: number }> {
  const reached = new Set((await loadReferralEvents(tx, input.teamId)).map((event) => event.type));
  const step = commissionStepForStages(reached);
  if (step === 'make_eligible') return { vested: 0, ...(await makeTeamCommissionsEligibleIn(tx, input)) };
  if (step === 'vest') return { eligible: 0, ...(await vestTeamCommissionsIn(tx, input)) };
  return { vested: 0, eligible: 0 };
}
