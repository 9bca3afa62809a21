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
import { msPerDay } from '../settings/rules/program_settings.js';
import { loadCommission } from './storage/commissions.js';

/** Candidates are read in pages of this size; each affiliate's releases commit in one transaction. */
export const releaseCandidatesPageSizeMax = 1_000;

/**
 * Releases every commission that has been eligible for at least the payout delay (the setting in
 * force when it became eligible) as of `asOf`, and was not fully reversed. The money repays what
 * the affiliate owes first; the rest becomes available. Repeating it changes nothing.
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
        releaseForAffiliate(tx, affiliateId, commissionIds, input.asOf),
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

async function releaseForAffiliate(
  tx: Queryable,
  affiliateId: string,
  commissionIds: readonly string[],
  asOf: Date,
): Promise<{ released: number; releasedCents: number; repaidOwedCents: number }> {
  await lockAffiliateLedger(tx, affiliateId);
  const done = { released: 0, releasedCents: 0, repaidOwedCents: 0 };
  for (const commissionId of commissionIds) {
    // Re-read under the lock: a reversal may have landed since the candidates were listed.
    const commission = await loadCommission(tx, commissionId);
    if (commission?.status.state !== 'eligible') continue;
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
