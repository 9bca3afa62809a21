import type { Context } from '../app/context.js';
import { loadUnpaidTeamIdsWithPaidInvoice } from '../referrals/storage/teams.js';
import { msPerDay } from '../settings/rules/program_settings.js';
import { emptyBillingChanges, runBillingEffects } from './billing_effects.js';
import { lockBilling } from './storage/billing_lock.js';

/** Teams examined per query. */
export const billingCatchUpBatchSizeMax = 500;
/** How far back signups are looked at: longer than any gap between two sweeps. */
export const billingCatchUpLookbackDays = 45;

/**
 * Sweep step: billing effects run only for teams that exist, so an invoice paid before the team's
 * signup reached the program (a customer linked by metadata to a team not yet reported) changed
 * nothing. For teams that signed up recently, still before `paid`, with a paid invoice on file,
 * this runs the billing effects (lifecycle, then commissions) as if the facts had just arrived.
 * The team then reaches `paid` and is not looked at again.
 */
export async function catchUpBillingBeforeSignup(
  context: Context,
  asOf: Date,
): Promise<{ teamsBillingCaughtUp: number }> {
  await context.settings.fresh();
  const since = new Date(asOf.getTime() - billingCatchUpLookbackDays * msPerDay);
  let teamsBillingCaughtUp = 0;
  let afterTeamId = '';
  for (;;) {
    const batch = await loadUnpaidTeamIdsWithPaidInvoice(context.db, {
      since,
      afterTeamId,
      limit: billingCatchUpBatchSizeMax,
    });
    for (const teamId of batch) {
      await context.db.transaction(async (tx) => {
        await lockBilling(tx);
        const changes = { ...emptyBillingChanges(), customerLinked: true };
        await runBillingEffects(tx, context, new Map([[teamId, changes]]), context.clock.now());
      });
      teamsBillingCaughtUp += 1;
    }
    if (batch.length < billingCatchUpBatchSizeMax) return { teamsBillingCaughtUp };
    afterTeamId = batch[batch.length - 1]!;
  }
}
