import type { Context } from '../app/context.js';
import { listReconciliationReports } from '../commissions/list_reconciliation_reports.js';
import type { FunnelCounts } from '../dashboard/funnel_report.js';
import { getFunnel } from '../dashboard/get_funnel.js';
import { getAffiliateBalance } from '../ledger/get_affiliate_balance.js';
import type { AffiliateBalances } from '../ledger/rules/ledger.js';
import { verifyLedger } from '../ledger/verify_ledger.js';
import { listPayouts, payoutsPageSizeMax } from '../payouts/list_payouts.js';
import { isoDay } from './rules/demo_calendar.js';
import type { ProgramPlan } from './rules/plan_program.js';

/** A funnel covers at most 731 days; longer demos are read in yearly pieces. */
const funnelPieceDays = 365;
const reconciliationReportsMax = 100;

/** What the program shows after the demo, read through the same use cases as its dashboards. */
export interface DemoFigures {
  funnel: FunnelCounts;
  /** Affiliates with at least one attributed signup. */
  affiliatesWithSignups: number;
  balances: AffiliateBalances;
  /** Commissions granted less reversals: every ledger bucket of earnings, less what is owed. */
  commissionsEarnedCents: number;
  payouts: number;
  payoutsPaid: number;
  payoutsPaidCents: number;
  reconciliationReports: number;
  ledger: { balanced: boolean; transfers: number; entries: number };
}

async function funnelOf(context: Context, affiliateId: string, plan: ProgramPlan): Promise<FunnelCounts> {
  const counts: FunnelCounts = { clicks: 0, signups: 0, activated: 0, paid: 0, sustained: 0 };
  // The last piece ends on the day the clock stops (the day after the demo).
  for (let first = 0; first <= plan.days; first += funnelPieceDays) {
    const last = Math.min(first + funnelPieceDays - 1, plan.days);
    const report = await getFunnel(context, {
      affiliateId,
      from: isoDay(plan.options.start, first),
      to: isoDay(plan.options.start, last),
      interval: 'month',
    });
    for (const key of Object.keys(counts) as Array<keyof FunnelCounts>) counts[key] += report.totals[key];
  }
  return counts;
}

function addBalances(total: AffiliateBalances, balance: AffiliateBalances): void {
  for (const key of Object.keys(total) as Array<keyof AffiliateBalances>) total[key] += balance[key];
}

export async function readDemoFigures(
  context: Context,
  plan: ProgramPlan,
  affiliateIds: readonly string[],
): Promise<DemoFigures> {
  const funnel: FunnelCounts = { clicks: 0, signups: 0, activated: 0, paid: 0, sustained: 0 };
  const balances: AffiliateBalances = {
    pendingCents: 0,
    vestedCents: 0,
    eligibleCents: 0,
    availableCents: 0,
    inTransitCents: 0,
    paidCents: 0,
    owedCents: 0,
  };
  let affiliatesWithSignups = 0;
  for (const affiliateId of affiliateIds) {
    const counts = await funnelOf(context, affiliateId, plan);
    for (const key of Object.keys(funnel) as Array<keyof FunnelCounts>) funnel[key] += counts[key];
    if (counts.signups > 0) affiliatesWithSignups += 1;
    addBalances(balances, await getAffiliateBalance(context, affiliateId));
  }
  const { pendingCents, vestedCents, eligibleCents, availableCents, inTransitCents, paidCents, owedCents } =
    balances;
  let payouts = 0;
  let payoutsPaid = 0;
  let payoutsPaidCents = 0;
  let cursor: string | undefined;
  do {
    const page = await listPayouts(context, { limit: payoutsPageSizeMax, cursor });
    for (const payout of page.payouts) {
      payouts += 1;
      if (payout.state === 'paid') {
        payoutsPaid += 1;
        payoutsPaidCents += payout.amountCents;
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const { reports } = await listReconciliationReports(context, { limit: reconciliationReportsMax });
  const ledger = await verifyLedger(context);
  return {
    funnel,
    affiliatesWithSignups,
    balances,
    commissionsEarnedCents:
      pendingCents + vestedCents + eligibleCents + availableCents + inTransitCents + paidCents - owedCents,
    payouts,
    payoutsPaid,
    payoutsPaidCents,
    reconciliationReports: reports.length,
    ledger: { balanced: ledger.balanced, transfers: ledger.transfers, entries: ledger.entries },
  };
}
