import type { Context } from '../app/context.js';
import { commissionReleased } from '../ledger/rules/ledger.js';
import { lockAffiliateLedger, postTransfer, readAffiliateBalances } from '../ledger/storage/ledger.js';
import type { Queryable } from '../platform/db/database.js';
import { msPerDay } from '../settings/rules/program_settings.js';
import { loadCommission } from './storage/commissions.js';

/** Candidates are read in pages of this size; each affiliate's releases commit in one transaction. */
export const releaseCandidatesPageSizeMax = 1_000;

interface Candidate {
  commission_id: string;
  affiliate_id: string;
  eligible_at: Date;
}

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
    const page = await releaseCandidates(context.db, input.asOf, after);
    if (page.length === 0) break;
    const last = page[page.length - 1]!;
    after = { eligibleAt: last.eligible_at, commissionId: last.commission_id };
    const due = page.filter((candidate) => {
      const delayMs = context.settings.at(candidate.eligible_at).payoutDelayDays * msPerDay;
      return candidate.eligible_at.getTime() + delayMs <= input.asOf.getTime();
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

async function releaseCandidates(
  db: Queryable,
  asOf: Date,
  after: { eligibleAt: Date; commissionId: string } | null,
): Promise<Candidate[]> {
  return db.query<Candidate>(
    `SELECT t.commission_id, t.affiliate_id, t.created_at AS eligible_at
       FROM ledger_transfers t
      WHERE t.kind = 'commission_eligible' AND t.created_at <= $1
        AND ($2::timestamptz IS NULL OR (t.created_at, t.commission_id) > ($2::timestamptz, $3::text))
        AND NOT EXISTS (
          SELECT 1 FROM ledger_transfers r WHERE r.commission_id = t.commission_id AND r.kind = 'commission_released')
      ORDER BY t.created_at, t.commission_id
      LIMIT $4`,
    [asOf, after?.eligibleAt ?? null, after?.commissionId ?? null, releaseCandidatesPageSizeMax],
  );
}

function groupByAffiliate(candidates: readonly Candidate[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const candidate of candidates) {
    const list = groups.get(candidate.affiliate_id) ?? [];
    list.push(candidate.commission_id);
    groups.set(candidate.affiliate_id, list);
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
