import type { Context } from '../app/context.js';
import { makeTeamCommissionsEligibleIn } from './make_commissions_eligible_for_team.js';
import { loadSustainedTeamIdsWithCommissionsToMakeEligible } from './storage/commissions.js';

/** Teams examined per query; the sweep pages through them in batches of this size. */
export const eligibleBatchSizeMax = 500;

/**
 * Sweep step: the commissions of every team that reached `sustained` become eligible as of
 * `asOf` (the payout delay counts from then). `applySustained` appends the event; this moves the
 * money, so a commission granted or vested in any order still ends eligible. A commission is a
 * candidate while it holds money and has no eligible transfer; repeating it changes nothing.
 */
export async function makeSustainedCommissionsEligible(
  context: Context,
  asOf: Date,
): Promise<{ teamsMadeEligible: number; commissionsMadeEligible: number }> {
  const result = { teamsMadeEligible: 0, commissionsMadeEligible: 0 };
  let afterTeamId = '';
  for (;;) {
    const batch = await loadSustainedTeamIdsWithCommissionsToMakeEligible(context.db, {
      afterTeamId,
      asOf,
      limit: eligibleBatchSizeMax,
    });
    for (const teamId of batch) {
      const done = await context.db.transaction((tx) =>
        makeTeamCommissionsEligibleIn(tx, { teamId, at: asOf }),
      );
      if (done.eligible > 0) {
        result.teamsMadeEligible += 1;
        result.commissionsMadeEligible += done.eligible;
      }
    }
    if (batch.length < eligibleBatchSizeMax) return result;
    afterTeamId = batch[batch.length - 1]!;
  }
}
