import { calendarMonthKey, isWithinHalfOpen } from '../../commissions/rules/calendar_months.js';
import { type CommissionTier, commissionTiers } from '../../commissions/rules/tiers.js';
import { divide, fromInteger, roundHalfUpToTenths } from './rational.js';
import type { ReplayedCommission } from './what_if_facts.js';

/**
 * The what-if's totals, accumulated one affiliate at a time so that a replay of any size holds
 * only the totals, the months, the biggest affiliate changes and a sample of differences.
 * Pure: commissions and revenue come in, figures go out.
 */

export const scenarios = ['actual', 'replayedCurrent', 'whatIf'] as const;
export type Scenario = (typeof scenarios)[number];

/** Affiliates listed, by the size of the what-if's change. */
export const whatIfAffiliatesListedMax = 20;
/** Commissions listed where the replay with the settings in force differs from the ledger. */
export const selfCheckSampleSizeMax = 20;

export interface ScenarioTotals {
  grantedCents: number;
  cappedCents: number;
  reversedCents: number;
  releasedCents: number;
  /** Net commissions (granted − reversed) per tier. */
  byTier: Record<CommissionTier, number>;
}

export interface AffiliateChange {
  affiliateId: string;
  actualCents: number;
  replayedCurrentCents: number;
  whatIfCents: number;
  /** whatIf − replayedCurrent: what the changed settings alone change. */
  differenceCents: number;
}

export interface SelfCheckDifference {
  commissionId: string;
  teamId: string;
  tier: CommissionTier;
  actualCents: number;
  replayedCents: number;
}

export interface WhatIfAccumulator {
  from: Date;
  to: Date;
  teams: number;
  revenueCents: number;
  totals: Record<Scenario, ScenarioTotals>;
  byMonth: Map<string, { revenueCents: number } & Record<Scenario, number>>;
  affiliates: AffiliateChange[];
  selfCheck: { commissionsDiffering: number; sample: SelfCheckDifference[] };
}

function emptyTotals(): ScenarioTotals {
  return {
    grantedCents: 0,
    cappedCents: 0,
    reversedCents: 0,
    releasedCents: 0,
    byTier: Object.fromEntries(commissionTiers.map((tier) => [tier, 0])) as Record<CommissionTier, number>,
  };
}

export function startWhatIf(range: { from: Date; to: Date }): WhatIfAccumulator {
  return {
    from: range.from,
    to: range.to,
    teams: 0,
    revenueCents: 0,
    totals: { actual: emptyTotals(), replayedCurrent: emptyTotals(), whatIf: emptyTotals() },
    byMonth: new Map(),
    affiliates: [],
    selfCheck: { commissionsDiffering: 0, sample: [] },
  };
}

function monthRow(accumulator: WhatIfAccumulator, month: string) {
  let row = accumulator.byMonth.get(month);
  if (!row) {
    row = { revenueCents: 0, actual: 0, replayedCurrent: 0, whatIf: 0 };
    accumulator.byMonth.set(month, row);
  }
  return row;
}

const netCents = (commission: ReplayedCommission) => commission.grantedCents - commission.reversedCents;

/** Paid invoice revenue (net of its refunds) of a referred team, counted by the month it was paid. */
export function addRevenue(
  accumulator: WhatIfAccumulator,
  invoices: ReadonlyArray<{ amountCents: number; paidAt: Date; refundedCents: number }>,
): void {
  for (const invoice of invoices) {
    if (!isWithinHalfOpen(invoice.paidAt, accumulator.from, accumulator.to)) continue;
    const cents = invoice.amountCents - Math.min(invoice.refundedCents, invoice.amountCents);
    accumulator.revenueCents += cents;
    monthRow(accumulator, calendarMonthKey(invoice.paidAt)).revenueCents += cents;
  }
}

/** Adds one affiliate's commissions in each scenario; only commissions earned in the range count. */
export function addAffiliate(
  accumulator: WhatIfAccumulator,
  affiliateId: string,
  commissions: Record<Scenario, readonly ReplayedCommission[]>,
): void {
  const netByScenario = { actual: 0, replayedCurrent: 0, whatIf: 0 };
  const inRange: Record<Scenario, Map<string, ReplayedCommission>> = {
    actual: new Map(),
    replayedCurrent: new Map(),
    whatIf: new Map(),
  };
  for (const scenario of scenarios) {
    const totals = accumulator.totals[scenario];
    for (const commission of commissions[scenario]) {
      if (!isWithinHalfOpen(commission.earnedAt, accumulator.from, accumulator.to)) continue;
      inRange[scenario].set(commission.id, commission);
      totals.grantedCents += commission.grantedCents;
      totals.cappedCents += commission.cappedCents;
      totals.reversedCents += commission.reversedCents;
      if (commission.released) totals.releasedCents += netCents(commission);
      totals.byTier[commission.tier] += netCents(commission);
      monthRow(accumulator, calendarMonthKey(commission.earnedAt))[scenario] += netCents(commission);
      netByScenario[scenario] += netCents(commission);
    }
  }
  compareWithLedger(accumulator, inRange.actual, inRange.replayedCurrent);
  if (netByScenario.actual === 0 && netByScenario.replayedCurrent === 0 && netByScenario.whatIf === 0) return;
  accumulator.affiliates.push({
    affiliateId,
    actualCents: netByScenario.actual,
    replayedCurrentCents: netByScenario.replayedCurrent,
    whatIfCents: netByScenario.whatIf,
    differenceCents: netByScenario.whatIf - netByScenario.replayedCurrent,
  });
  if (accumulator.affiliates.length > 2 * whatIfAffiliatesListedMax) keepBiggestChanges(accumulator);
}

function compareWithLedger(
  accumulator: WhatIfAccumulator,
  actual: ReadonlyMap<string, ReplayedCommission>,
  replayed: ReadonlyMap<string, ReplayedCommission>,
): void {
  const ids = new Set([...actual.keys(), ...replayed.keys()]);
  for (const id of [...ids].sort()) {
    const recorded = actual.get(id);
    const again = replayed.get(id);
    const actualCents = recorded ? netCents(recorded) : 0;
    const replayedCents = again ? netCents(again) : 0;
    if (actualCents === replayedCents) continue;
    accumulator.selfCheck.commissionsDiffering += 1;
    if (accumulator.selfCheck.sample.length >= selfCheckSampleSizeMax) continue;
    const known = (recorded ?? again)!;
    accumulator.selfCheck.sample.push({
      commissionId: id,
      teamId: known.teamId,
      tier: known.tier,
      actualCents,
      replayedCents,
    });
  }
}

function keepBiggestChanges(accumulator: WhatIfAccumulator): void {
  accumulator.affiliates.sort(
    (a, b) =>
      Math.abs(b.differenceCents) - Math.abs(a.differenceCents) ||
      (a.affiliateId < b.affiliateId ? -1 : a.affiliateId > b.affiliateId ? 1 : 0),
  );
  accumulator.affiliates.length = Math.min(accumulator.affiliates.length, whatIfAffiliatesListedMax);
}

export interface WhatIfFigures {
  /** Net commissions: granted − reversed. */
  commissionsCents: number;
  grantedCents: number;
  cappedCents: number;
  reversedCents: number;
  /** Net commissions released to the affiliates' available balance (what payouts draw on). */
  releasedCents: number;
  byTier: Record<CommissionTier, number>;
  revenueCents: number;
  /** Revenue ÷ net commissions, one decimal rounded half up; null without commissions. */
  roi: number | null;
}

export function roiOf(revenueCents: number, commissionsCents: number): number | null {
  if (commissionsCents <= 0) return null;
  const tenths = roundHalfUpToTenths(divide(fromInteger(revenueCents), fromInteger(commissionsCents)));
  return Number(tenths) / 10;
}

export function figuresOf(accumulator: WhatIfAccumulator, scenario: Scenario): WhatIfFigures {
  const totals = accumulator.totals[scenario];
  const commissionsCents = totals.grantedCents - totals.reversedCents;
  return {
    commissionsCents,
    grantedCents: totals.grantedCents,
    cappedCents: totals.cappedCents,
    reversedCents: totals.reversedCents,
    releasedCents: totals.releasedCents,
    byTier: { ...totals.byTier },
    revenueCents: accumulator.revenueCents,
    roi: roiOf(accumulator.revenueCents, commissionsCents),
  };
}

/** `a − b`, field by field (ROI as the difference of the two rounded figures, null if either is). */
export function figuresDifference(a: WhatIfFigures, b: WhatIfFigures): WhatIfFigures {
  return {
    commissionsCents: a.commissionsCents - b.commissionsCents,
    grantedCents: a.grantedCents - b.grantedCents,
    cappedCents: a.cappedCents - b.cappedCents,
    reversedCents: a.reversedCents - b.reversedCents,
    releasedCents: a.releasedCents - b.releasedCents,
    byTier: Object.fromEntries(
      commissionTiers.map((tier) => [tier, a.byTier[tier] - b.byTier[tier]]),
    ) as Record<CommissionTier, number>,
    revenueCents: a.revenueCents - b.revenueCents,
    roi: a.roi === null || b.roi === null ? null : Math.round((a.roi - b.roi) * 10) / 10,
  };
}

export function finishWhatIf(accumulator: WhatIfAccumulator) {
  keepBiggestChanges(accumulator);
  const actual = figuresOf(accumulator, 'actual');
  const replayedCurrent = figuresOf(accumulator, 'replayedCurrent');
  const whatIf = figuresOf(accumulator, 'whatIf');
  return {
    teams: accumulator.teams,
    actual,
    replayedCurrent,
    whatIf,
    difference: figuresDifference(whatIf, replayedCurrent),
    selfCheck: {
      matches: accumulator.selfCheck.commissionsDiffering === 0,
      differenceCents: replayedCurrent.commissionsCents - actual.commissionsCents,
      commissionsDiffering: accumulator.selfCheck.commissionsDiffering,
      sample: accumulator.selfCheck.sample,
    },
    byMonth: [...accumulator.byMonth.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([month, row]) => ({
        month,
        revenueCents: row.revenueCents,
        actualCents: row.actual,
        replayedCurrentCents: row.replayedCurrent,
        whatIfCents: row.whatIf,
      })),
    byAffiliate: accumulator.affiliates,
  };
}
