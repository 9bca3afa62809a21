import type { Context } from '../app/context.js';
import { sumReferredInvoiceCentsByPeriod } from '../billing/storage/billing_invoices.js';
import { sumReferredRefundCentsByPeriod } from '../billing/storage/billing_refunds.js';
import { sumNewAcvCentsByPeriod } from '../billing/storage/billing_subscriptions.js';
import { sumLedgerByPeriod } from '../ledger/storage/ledger_period_sums.js';
import {
  firstAffiliateCreatedAt,
  loadApprovedAffiliatesCreatedBetween,
} from '../partners/storage/affiliates.js';
import type { Queryable } from '../platform/db/database.js';
import { AppError } from '../platform/rules/errors.js';
import { sumProgramFunnelByPeriod } from '../referrals/storage/funnel_daily_totals.js';
import { loadEarliestReferredSignups } from '../referrals/storage/teams.js';
import { emptyMeasures, type PeriodMeasures } from './rules/actual_figures.js';
import { type ActualsReport, actualsReport } from './rules/actuals_report.js';
import type { Assumptions } from './rules/assumptions.js';
import { defaultOutboundCostPerAccountCents, wasReferredThemselves } from './rules/growth_metrics.js';
import {
  type PeriodGrain,
  type ProgramPeriod,
  parseMonth,
  periodBoundaries,
  periodIndexOf,
  periodsBetween,
  programPeriods,
  startOfMonth,
} from './rules/program_periods.js';
import { project } from './rules/projection.js';

export interface EconomicsActualsQuery {
  by: PeriodGrain;
  /** Months `YYYY-MM`, both included: which periods to report (all of them by default). */
  from?: string | undefined;
  to?: string | undefined;
  /** `YYYY-MM`: the first month of program year 1 (default: the first affiliate's month). */
  programStart?: string | undefined;
  outboundCostPerAccountCents?: number | undefined;
  /** New ACV of all customers per program year, when known outside billing. */
  totalNewAcvCentsByYear?: readonly number[] | undefined;
  assumptions: Assumptions;
}

function monthOf(text: string | undefined, path: string): Date | undefined {
  if (text === undefined) return undefined;
  const month = parseMonth(text);
  if (!month) throw new AppError('validation_failed', `${path} must be a month, YYYY-MM`, { path });
  return month;
}

/**
 * The program's actual figures per program year or month, beside the projection from `assumptions`:
 * read from the funnel rollups, billing, the ledger and the affiliates, composed by pure rules.
 */
export async function getEconomicsActuals(
  context: Context,
  query: EconomicsActualsQuery,
): Promise<ActualsReport> {
  const from = monthOf(query.from, 'from');
  const to = monthOf(query.to, 'to');
  if (from && to && from.getTime() > to.getTime()) {
    throw new AppError('validation_failed', 'from must not be after to', { path: 'from' });
  }
  const givenStart = monthOf(query.programStart, 'programStart');
  const asOf = context.clock.now();
  const firstAffiliate = givenStart ? null : await firstAffiliateCreatedAt(context.db);
  const programStart = givenStart ?? (firstAffiliate ? startOfMonth(firstAffiliate) : null);
  const periods = programStart ? programPeriods(programStart, asOf, query.by) : [];
  const measures = await measurePeriods(context.db, periods);
  return actualsReport({
    by: query.by,
    programStart,
    programStartSource: givenStart ? 'input' : 'first_affiliate',
    asOf,
    periods,
    measures,
    shown: periodsBetween(periods, { from, to }),
    projectedYears: project(query.assumptions).results.years,
    outboundCostPerAccountCents: query.outboundCostPerAccountCents ?? defaultOutboundCostPerAccountCents,
    totalNewAcvCentsByYear: query.totalNewAcvCentsByYear,
  });
}

async function measurePeriods(db: Queryable, periods: readonly ProgramPeriod[]): Promise<PeriodMeasures[]> {
  const measures = periods.map(() => ({ ...emptyMeasures }));
  if (periods.length === 0) return measures;
  const boundaries = periodBoundaries(periods);
  const [funnel, invoiced, refunded, acv, ledger, affiliates] = await Promise.all([
    sumProgramFunnelByPeriod(db, boundaries),
    sumReferredInvoiceCentsByPeriod(db, boundaries),
    sumReferredRefundCentsByPeriod(db, boundaries),
    sumNewAcvCentsByPeriod(db, boundaries),
    sumLedgerByPeriod(db, boundaries),
    loadApprovedAffiliatesCreatedBetween(db, {
      from: boundaries[0]!,
      to: boundaries[boundaries.length - 1]!,
    }),
  ]);
  for (const row of funnel) {
    Object.assign(measures[row.periodIndex]!, {
      activeAffiliates: row.affiliatesWithSignups,
      referredSignups: row.signups,
      activatedAccounts: row.activated,
    });
  }
  for (const row of invoiced) measures[row.periodIndex]!.invoicedCents = row.cents;
  for (const row of refunded) measures[row.periodIndex]!.refundedCents = row.cents;
  for (const row of acv) {
    measures[row.periodIndex]!.billingNewAcvCents = row.allCents;
    measures[row.periodIndex]!.channelNewAcvCents = row.referredCents;
  }
  for (const row of ledger) {
    measures[row.periodIndex]!.commissionExpenseCents = row.commissionExpenseCents;
    measures[row.periodIndex]!.commissionsPaidOutCents = row.paidOutCents;
  }
  const emails = affiliates.map((affiliate) => affiliate.email.toLowerCase());
  const referred = await loadEarliestReferredSignups(db, {
    emails,
    domains: [...new Set(emails.map((email) => email.slice(email.lastIndexOf('@') + 1)))],
  });
  for (const affiliate of affiliates) {
    const period = measures[periodIndexOf(periods, affiliate.createdAt)];
    if (!period) continue;
    period.affiliatesJoined += 1;
    if (wasReferredThemselves(affiliate, referred)) period.referredAffiliatesJoined += 1;
  }
  return measures;
}
