import type { Context } from '../app/context.js';
import { recordReferralTransition } from '../referrals/record_referral_transition.js';
import { setTeamActivatedAt } from '../referrals/storage/teams.js';
import type { UsageTotals } from './rules/activation.js';

export interface TeamActivation {
  teamId: string;
  cause: string;
  /** When the usage that met the rule happened. */
  occurredAt: Date;
  totals: UsageTotals;
  data?: Record<string, unknown>;
}

/** Appends `activated` to a team's lifecycle; false when it may not (already activated, rejected …). */
export async function activateTeam(context: Context, activation: TeamActivation): Promise<boolean> {
  return context.db.transaction(async (tx) => {
    const state = await recordReferralTransition(context, tx, {
      teamId: activation.teamId,
      type: 'activated',
      cause: activation.cause,
      occurredAt: activation.occurredAt,
      recordedAt: context.clock.now(),
      data: {
        ...activation.data,
        apiCalls: activation.totals.apiCalls,
        activeDays: activation.totals.activeDays,
      },
    });
    if (!state) return false;
    await setTeamActivatedAt(tx, activation.teamId, activation.occurredAt);
    return true;
  });
}
