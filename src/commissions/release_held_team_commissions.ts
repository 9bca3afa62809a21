import type { Context } from '../app/context.js';
import type { Queryable } from '../platform/db/database.js';
import { msPerDay } from '../settings/rules/program_settings.js';
import { releaseCommissionsOfAffiliateIn } from './release_available_commissions.js';
import { loadTeamCommissions } from './storage/commissions.js';

/**
 * A hold on the team ended (its flag was dismissed): every eligible commission of the team whose
 * payout delay already ended by `asOf` is released at once, as the sweep would have done, inside
 * the caller's transaction. Another open flag on the team still holds them. Settings come from the
 * cache as loaded: refresh them before opening the transaction.
 */
export async function releaseHeldTeamCommissionsIn(
  context: Context,
  tx: Queryable,
  input: { teamId: string; asOf: Date },
): Promise<{ released: number; releasedCents: number }> {
  const due = (await loadTeamCommissions(tx, input.teamId)).filter((commission) => {
    const eligibleAt = commission.status.eligibleAt;
    if (commission.status.state !== 'eligible' || eligibleAt === null) return false;
    const delayMs = context.settings.at(eligibleAt).payoutDelayDays * msPerDay;
    return eligibleAt.getTime() + delayMs <= input.asOf.getTime();
  });
  const done = { released: 0, releasedCents: 0 };
  const byAffiliate = new Map<string, string[]>();
  for (const commission of due) {
    byAffiliate.set(commission.affiliateId, [
      ...(byAffiliate.get(commission.affiliateId) ?? []),
      commission.id,
    ]);
  }
  for (const [affiliateId, commissionIds] of byAffiliate) {
    const released = await releaseCommissionsOfAffiliateIn(tx, affiliateId, commissionIds, input.asOf);
    done.released += released.released;
    done.releasedCents += released.releasedCents;
  }
  return done;
}
