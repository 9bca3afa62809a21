import type { Context } from '../app/context.js';
import { commissionReleased } from '../ledger/rules/ledger.js';
import {
  loadUnreleasedEligibleCommissions,
  lockAffiliateLedger,
  postTransfer,
  readAffiliateBalances,
  type UnreleasedEligibleCommission,
} from '../ledger/storage/ledger.js';
import type { Queryable } from '../platform/db/database.js';
import { loadTeamIdsWithOpenFraudFlags } from '../referrals/storage/fraud_flags.js';
import { msPerDay } from '../settings/rules/program_settings.js';
import { loadCommissions } from './storage/commissions.js';

/** Candidates are read in pages of this size; each affiliate's releases commit in one transaction. */
export const releaseCandidatesPageSizeMax = 1_000;

/**
 * Releases every commission that has been eligible for at least the payout delay (the setting in
 * force when it became eligible) as of `asOf`, and was not fully reversed, unless an open fraud
 * flag holds its team. The money repays what the affiliate owes first; the rest becomes available.
 * Repeating it changes nothing.
 */
export async function releaseAvailableCommissions(
  context: Context,
  input: { asOf: Date },
): Promise<{ released: number; releasedCents: number; repaidOwedCents: number }> {
  await context.settings.fresh();
  const totals = { released: 0, releasedCents: 0, repaidOwedCents: 0 };
  let after: { eligibleAt: Date; commissionId: string } | null = null;
  for (;;) {
    const page = await loadUnreleasedEligibleCommissions(context.db, {
      asOf: input.asOf,
      after,
      limit: releaseCandidatesPageSizeMax,
    });
    if (page.length === 0) break;
    const last = page[page.length - 1]!;
    after = { eligibleAt: last.eligibleAt, commissionId: last.commissionId };
    const due = page.filter((candidate) => {
      const delayMs = context.settings.at(candidate.eligibleAt).payoutDelayDays * msPerDay;
      return candidate.eligibleAt.getTime() + delayMs <= input.asOf.getTime();
    });
    for (const [affiliateId, commissionIds] of groupByAffiliate(due)) {
      const done = await context.db.transaction((tx) =>
        releaseCommissionsOfAffiliateIn(tx, affiliateId, commissionIds, input.asOf),
      );
      totals.released += done.released;
      totals.releasedCents += done.releasedCents;
      totals.repaidOwedCents += done.repaidOwedCents;
    }
    if (page.length < releaseCandidatesPageSizeMax) break;
  }
  return totals;
}

function groupByAffiliate(candidates: readonly UnreleasedEligibleCommission[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const candidate of candidates) {
    const list = groups.get(candidate.affiliateId) ?? [];
    list.push(candidate.commissionId);
    groups.set(candidate.affiliateId, list);
  }
  return groups;
}

/**
 * Releases these eligible commissions of one affiliate, inside the caller's transaction, under the
 * affiliate's ledger lock. A commission whose team has an open fraud flag is held: it stays
 * eligible (counted as not yet available) until the flag is dismissed or confirmed.
 */
export async function releaseCommissionsOfAffiliateIn(
  tx: Queryable,
  affiliateId: string,
  commissionIds: readonly string[],
  asOf: Date,
): Promise<{ released: number; releasedCents: number; repaidOwedCents: number }> {
  await lockAffiliateLedger(tx, affiliateId);
  const done = { released: 0, releasedCents: 0, repaidOwedCents: 0 };
  // Re-read under the lock: a reversal may have landed since the candidates were listed.
  const commissions = await loadCommissions(tx, commissionIds);
  const eligible = commissions.filter((commission) => commission.status.state === 'eligible');
  const heldTeamIds = await loadTeamIdsWithOpenFraudFlags(
    tx,
    eligible.map((commission) => commission.teamId),
  );
  const byId = new Map(eligible.map((commission) => [commission.id, commission]));
  for (const commissionId of commissionIds) {
    const commission = byId.get(commissionId);
    if (!commission || heldTeamIds.has(commission.teamId)) continue;
    const { owedCents } = await readAffiliateBalances(tx, affiliateId);
    const transfer = commissionReleased({
      affiliateId,
      commissionId,
      amountCents: commission.status.remainingCents,
      owedCents,
      at: asOf,
    });
    const posted = await postTransfer(tx, transfer);
    if (posted.replayed) continue;
    done.released += 1;
    done.releasedCents += commission.status.remainingCents;
    done.repaidOwedCents += transfer.entries.find((entry) => entry.account === 'owed')?.amountCents ?? 0;
  }
  return done;
}
