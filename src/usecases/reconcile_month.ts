import type { Context } from '../context.js';
import { AppError } from '../domain/errors.js';
import {
  type CalendarMonth,
  earlyChurnReversalId,
  hasMonthEnded,
  isEarlyChurn,
  parseCalendarMonth,
  type ReconciliationReport,
} from '../domain/reconciliation.js';
import {
  capHitsInMonth,
  countPopulation,
  earlyChurnCandidates,
  loadReport,
  storeReport,
  teamsWithUngrantedTiers,
} from '../storage/reconciliation.js';
import { evaluateTeamCommissions } from './evaluate_team_commissions.js';
import { reverseCommission } from './reverse_commission.js';

/**
 * Exceptions (early churners, upgraded teams) are handled this many at a time, each in its own
 * transaction; PGlite has one connection, so it takes them one by one.
 */
export const exceptionConcurrencyMax = 4;

/**
 * Reconciles a calendar month that has ended as of `asOf` (SPEC §6): checks every referred team
 * against its subscription facts, takes back the commissions of teams that churned within the
 * early-churn window of paying, grants tiers whose facts are met but were never granted, checks
 * the caps, and stores a report. Once stored, the month's report is final: running it again
 * returns it and changes nothing. Every action is idempotent too (deterministic reversal and
 * commission ids), so a run that died halfway is completed by the next one.
 */
export async function reconcileMonth(
  context: Context,
  month: string,
  asOf: Date,
): Promise<ReconciliationReport> {
  const period = parseCalendarMonth(month);
  if (!period) {
    throw new AppError(
      'validation_failed',
      `month must be YYYY-MM (a year from 2000, a month 01–12), got "${month}"`,
      {
        path: 'month',
      },
    );
  }
  if (!hasMonthEnded(period, asOf)) {
    throw new AppError('validation_failed', `month ${month} has not ended as of ${asOf.toISOString()}`, {
      path: 'month',
    });
  }
  const stored = await loadReport(context.db, month);
  if (stored) return stored;
  const startedMs = Date.now();
  await context.settings.fresh();
  const population = await countPopulation(context.db, period.end);
  const reversals = await reverseEarlyChurn(context, period, asOf);
  const bonuses = await grantUngrantedTiers(context, period, asOf);
  const caps = await checkCaps(context, period);
  const report: ReconciliationReport = {
    month,
    asOf: asOf.toISOString(),
    teams: {
      checked: population.checked,
      paid: population.paid,
      live: population.live,
      churned: population.churned,
    },
    mismatches: population.mismatches,
    reversals,
    bonuses,
    caps,
    durationMs: Date.now() - startedMs,
  };
  const kept = await storeReport(context.db, report, context.clock.now());
  context.logger.info(
    { month, teams: report.teams, reversals, bonuses, capHits: caps.hits },
    'month reconciled',
  );
  return kept;
}

async function reverseEarlyChurn(
  context: Context,
  period: CalendarMonth,
  asOf: Date,
): Promise<ReconciliationReport['reversals']> {
  const windowDaysMax = Math.max(
    context.settings.at(period.end).earlyChurnWindowDays,
    ...context.settings.history().map((version) => version.settings.earlyChurnWindowDays),
  );
  const candidates = await earlyChurnCandidates(context.db, {
    monthEnd: period.end,
    windowDaysMax,
    reversalId: earlyChurnReversalId,
  });
  // The window is the one in force when the team first paid.
  const due = candidates.filter((candidate) =>
    isEarlyChurn({
      ...candidate,
      earlyChurnWindowDays: context.settings.at(candidate.paidAt).earlyChurnWindowDays,
    }),
  );
  const totals = {
    teams: new Set(due.map((candidate) => candidate.teamId)).size,
    commissions: 0,
    totalCents: 0,
    owedCents: 0,
  };
  await forEachBounded(context, due, async (candidate) => {
    const days = Math.floor((candidate.churnedAt.getTime() - candidate.paidAt.getTime()) / 86_400_000);
    const reversed = await reverseCommission(context, {
      commissionId: candidate.commissionId,
      reversalId: earlyChurnReversalId,
      cause: `team churned ${days} day(s) after first paying (reconciliation ${period.month})`,
      at: asOf,
    });
    if (reversed.reversedCents === 0) return;
    totals.commissions += 1;
    totals.totalCents += reversed.reversedCents;
    totals.owedCents += reversed.owedCents;
  });
  return totals;
}

async function grantUngrantedTiers(
  context: Context,
  period: CalendarMonth,
  asOf: Date,
): Promise<ReconciliationReport['bonuses']> {
  const settings = context.settings.at(period.end);
  const teamIds = await teamsWithUngrantedTiers(context.db, { monthEnd: period.end, thresholds: settings });
  const totals = { teams: 0, commissions: 0, totalCents: 0 };
  await forEachBounded(context, teamIds, async (teamId) => {
    // Under the billing lock, as every evaluation is, so a webhook for the team cannot interleave.
    const { granted } = await evaluateTeamCommissions(context, teamId, asOf);
    if (granted.length === 0) return;
    totals.teams += 1;
    totals.commissions += granted.length;
    totals.totalCents += granted.reduce((sum, commission) => sum + commission.amountCents, 0);
  });
  return totals;
}

async function checkCaps(context: Context, period: CalendarMonth): Promise<ReconciliationReport['caps']> {
  // A cap raised during the month must not flag what was granted under it: take the larger.
  const atStart = context.settings.at(period.start);
  const atEnd = context.settings.at(new Date(period.end.getTime() - 1));
  const caps = await capHitsInMonth(context.db, {
    start: period.start,
    end: period.end,
    tier3CapCents: Math.max(atStart.tier3AffiliateMonthlyCapCents, atEnd.tier3AffiliateMonthlyCapCents),
    tier4CapCents: Math.max(atStart.tier4AgencyMonthlyCapCents, atEnd.tier4AgencyMonthlyCapCents),
    contentCeilingCents: Math.max(atStart.contentAccountCeilingCents, atEnd.contentAccountCeilingCents),
  });
  if (caps.exceeded > 0) {
    context.logger.error(
      { month: period.month, exceeded: caps.listed.filter((hit) => hit.exceeded) },
      'caps exceeded',
    );
  }
  return caps;
}

/** Runs `work` over `items`, a bounded number at a time (one at a time on PGlite). */
async function forEachBounded<T>(
  context: Context,
  items: readonly T[],
  work: (item: T) => Promise<void>,
): Promise<void> {
  const concurrency = context.db.kind === 'postgres' ? exceptionConcurrencyMax : 1;
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next]!;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
