import type { Context } from '../app/context.js';
import { hasLiveSubscription } from '../billing/rules/billing.js';
import { loadTeamBillingFacts } from '../billing/storage/billing_facts.js';
import { recordReferralTransition } from '../referrals/record_referral_transition.js';
import { loadPaidTeams } from '../referrals/storage/teams.js';
import { evaluateSustained, sustainedBoundary } from './rules/sustained.js';
import { utcDay } from './rules/usage.js';
import { loadActiveDays } from './storage/usage.js';

/** Teams examined per query; the sweep pages through all paid teams in batches of this size. */
export const sustainedBatchSizeMax = 500;

/** A type rather than an interface, so that it fits the sweep's summary of counts. */
export type SustainedSweepResult = {
  teamsSustained: number;
};

/**
 * Appends `sustained` for every paid team that, as of `asOf`, has stayed active for more than
 * `sustainedDays` after paying (the setting in force when it paid). Time-based, so the sweep
 * calls it; running it again for the same `asOf` changes nothing.
 */
export async function applySustained(context: Context, asOf: Date): Promise<SustainedSweepResult> {
  await context.settings.fresh();
  const result: SustainedSweepResult = { teamsSustained: 0 };
  let afterTeamId = '';
  for (;;) {
    const batch = await loadPaidTeams(context.db, afterTeamId, asOf, sustainedBatchSizeMax);
    for (const team of batch) {
      if (await applySustainedToTeam(context, team.teamId, team.paidAt, asOf)) result.teamsSustained += 1;
    }
    if (batch.length < sustainedBatchSizeMax) return result;
    afterTeamId = batch[batch.length - 1]!.teamId;
  }
}

async function applySustainedToTeam(
  context: Context,
  teamId: string,
  paidAt: Date,
  asOf: Date,
): Promise<boolean> {
  const sustainedDays = context.settings.at(paidAt).sustainedDays;
  if (asOf.getTime() <= sustainedBoundary(paidAt, sustainedDays).getTime()) return false;
  return context.db.transaction(async (tx) => {
    const facts = await loadTeamBillingFacts(tx, teamId);
    const verdict = evaluateSustained({
      paidAt,
      asOf,
      sustainedDays,
      subscriptionLive: hasLiveSubscription(facts.subscriptions),
      activeDays: await loadActiveDays(
        tx,
        teamId,
        utcDay(paidAt),
        utcDay(sustainedBoundary(paidAt, sustainedDays)),
      ),
    });
    if (!verdict.sustained) return false;
    const state = await recordReferralTransition(context, tx, {
      teamId,
      type: 'sustained',
      cause: 'active_use',
      occurredAt: verdict.occurredAt,
      recordedAt: context.clock.now(),
      data: { sustainedDays, asOf: asOf.toISOString() },
    });
    return state !== null;
  });
}
