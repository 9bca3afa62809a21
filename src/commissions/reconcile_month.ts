import type { Context } from '../app/context.js';
import { lockBilling } from '../billing/storage/billing_lock.js';
import { withOpenOperatorExceptions } from '../payouts/storage/operator_exceptions_store.js';
import type { Queryable } from '../platform/db/database.js';
import { AppError } from '../platform/rules/errors.js';
import { msPerDay } from '../settings/rules/program_settings.js';
import { evaluateTeamCommissionsIn } from './evaluate_team_commissions.js';
import { reverseCommissionsIn } from './reverse_commission.js';
import { milestoneEarnedAt } from './rules/milestone_bonuses.js';
import {
  type CalendarMonth,
  earlyChurnReversalId,
  hasMonthEnded,
  isEarlyChurn,
  parseCalendarMonth,
  type ReconciliationReport,
  revenueShareWindowsByVersion,
} from './rules/reconciliation.js';
import {
  capHitsInMonth,
  countPopulation,
  type EarlyChurnCandidate,
  earlyChurnCandidates,
  planForAllTeamsReads,
  teamsWithUngrantedTiers,
} from './storage/reconciliation.js';
import { loadReport, storeReport } from './storage/reconciliation_reports.js';

/**
 * Early-churn reversals are posted in bulk, this many commissions per transaction (a few
 * statements each); a failed batch rolls back whole and the rerun (everything is idempotent)
 * picks it up again.
 */
export const reversalBatchSizeMax = 5_000;
/** Reversal batches run this many at a time on PostgreSQL (PGlite has one connection). */
export const reversalBatchConcurrencyMax = 2;
/** Teams evaluated for missed tiers per transaction, so that commits do not dominate. */
export const evaluationBatchSizeMax = 100;

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
  if (stored) return withOpenOperatorExceptions(context.db, stored);
  const startedMs = Date.now();
  await context.settings.fresh();
  const phasesMs = { population: 0, reversals: 0, bonuses: 0, caps: 0 };
  const timed = async <T>(phase: keyof typeof phasesMs, work: () => Promise<T>): Promise<T> => {
    const phaseStartMs = Date.now();
    const result = await work();
    phasesMs[phase] = Date.now() - phaseStartMs;
    return result;
  };
  const population = await timed('population', () =>
    readOverAllTeams(context, (tx) => countPopulation(tx, period.end)),
  );
  const reversals = await timed('reversals', () => reverseEarlyChurn(context, period, asOf));
  const bonuses = await timed('bonuses', () => grantUngrantedTiers(context, period, asOf));
  const caps = await timed('caps', () => checkCaps(context, period));
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
    phasesMs,
  };
  const kept = await storeReport(context.db, report, context.clock.now());
  context.logger.info(
    { month, teams: report.teams, reversals, bonuses, capHits: caps.hits },
    'month reconciled',
  );
  return withOpenOperatorExceptions(context.db, kept);
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
  const candidates = await readOverAllTeams(context, (tx) =>
    earlyChurnCandidates(tx, {
      monthEnd: period.end,
      windowDaysMax,
      reversalId: earlyChurnReversalId,
    }),
  );
  // The window is the one in force when the team first paid; a commission is taken back once.
  const dueById = new Map<string, EarlyChurnCandidate>();
  for (const candidate of candidates) {
    const early = isEarlyChurn({
      ...candidate,
      earlyChurnWindowDays: context.settings.at(candidate.paidAt).earlyChurnWindowDays,
    });
    if (early && !dueById.has(candidate.commissionId)) dueById.set(candidate.commissionId, candidate);
  }
  const due = [...dueById.values()];
  const totals = {
    teams: new Set(due.map((candidate) => candidate.teamId)).size,
    commissions: 0,
    totalCents: 0,
    owedCents: 0,
  };
  // Batches hold runs of affiliates in id order, so concurrent batches rarely wait on each other
  // and, locking in one order, cannot deadlock.
  const ordered = [...due].sort((a, b) =>
    a.affiliateId < b.affiliateId ? -1 : a.affiliateId > b.affiliateId ? 1 : 0,
  );
  const concurrency = context.db.kind === 'postgres' ? reversalBatchConcurrencyMax : 1;
  await forEachBatch(ordered, reversalBatchSizeMax, concurrency, async (batch) => {
    const inputs = batch.map((candidate) => {
      const days = Math.floor((candidate.churnedAt.getTime() - candidate.paidAt.getTime()) / msPerDay);
      return {
        commissionId: candidate.commissionId,
        reversalId: earlyChurnReversalId,
        cause: `team churned ${days} day(s) after first paying (reconciliation ${period.month})`,
        announcedCause: 'early_churn',
        details: { paidAt: candidate.paidAt.toISOString(), churnedAt: candidate.churnedAt.toISOString() },
      };
    });
    const results = await context.db.transaction((tx) => reverseCommissionsIn(context, tx, inputs, asOf));
    for (const reversed of results) {
      if (reversed.reversedCents === 0) continue;
      totals.commissions += 1;
      totals.totalCents += reversed.reversedCents;
      totals.owedCents += reversed.owedCents;
    }
  });
  return totals;
}

async function grantUngrantedTiers(
  context: Context,
  period: CalendarMonth,
  asOf: Date,
): Promise<ReconciliationReport['bonuses']> {
  // Milestones are judged by the settings in force when the evaluation below grants them.
  const milestones = context.settings.at(milestoneEarnedAt(asOf, context.clock.now()));
  const teamIds = await readOverAllTeams(context, (tx) =>
    teamsWithUngrantedTiers(tx, {
      monthEnd: period.end,
      windows: revenueShareWindowsByVersion(context.settings.history()),
      milestones,
    }),
  );
  const totals = { teams: 0, commissions: 0, totalCents: 0 };
  // Evaluations hold the billing lock (one at a time, as webhooks do), so batches run in turn.
  await forEachBatch(teamIds, evaluationBatchSizeMax, 1, async (batch) => {
    const summaries = await context.db.transaction(async (tx) => {
      await lockBilling(tx);
      const done = [];
      for (const teamId of batch) done.push(await evaluateTeamCommissionsIn(context, tx, teamId, asOf));
      return done;
    });
    for (const { granted } of summaries) {
      if (granted.length === 0) continue;
      totals.teams += 1;
      totals.commissions += granted.length;
      totals.totalCents += granted.reduce((sum, commission) => sum + commission.amountCents, 0);
    }
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

/**
 * The set-based reads scan every referred team in one statement. Compiling such a plan (JIT)
 * costs seconds and saves little on scans and hash joins, and the default work memory spills
 * their hash tables to disk, so they run without JIT and with this much memory per hash or sort.
 */
export const allTeamsReadWorkMemMegabytes = 64;

async function readOverAllTeams<T>(context: Context, read: (tx: Queryable) => Promise<T>): Promise<T> {
  return context.db.transaction(async (tx) => {
    await planForAllTeamsReads(tx, allTeamsReadWorkMemMegabytes);
    return read(tx);
  });
}

/** Cuts `items` into batches of `batchSizeMax` and runs `work` on `concurrency` at a time. */
async function forEachBatch<T>(
  items: readonly T[],
  batchSizeMax: number,
  concurrency: number,
  work: (batch: readonly T[]) => Promise<void>,
): Promise<void> {
  const batches: T[][] = [];
  for (let index = 0; index < items.length; index += batchSizeMax) {
    batches.push(items.slice(index, index + batchSizeMax));
  }
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next]!;
      next += 1;
      await work(batch);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
}
