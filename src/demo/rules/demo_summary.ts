import type { YearAssumptions } from '../../economics/rules/assumptions.js';
import { projectYear, returnOnInvestment } from '../../economics/rules/project_results.js';
import { floor } from '../../economics/rules/rational.js';

/**
 * The brief's Results column projected for the demo's size (affiliates, months) beside what the
 * demo produced, row by row, with how near each figure lands. Pure.
 */

export type SummaryUnit = 'count' | 'cents' | 'basis_points' | 'roi_tenths';

export interface SummaryRow {
  key: string;
  label: string;
  unit: SummaryUnit;
  projected: number | null;
  demo: number | null;
  /** demo ÷ projected in tenths of a percent (1000 = spot on); null when either side has no value. */
  demoOfProjectedPermille: number | null;
}

/** What the demo produced, as the summary needs it. */
export interface ProducedFigures {
  affiliatesWithSignups: number;
  referredSignups: number;
  activatedAccounts: number;
  /** Average simulated lifetime value of the teams that activated within the demo. */
  averageLifetimeValueCents: number;
  commissionsEarnedCents: number;
  commissionsPaidCents: number;
  /** Invoices paid within the demo, less refunds. */
  invoicedNetCents: number;
}

/** The Year-1 assumptions pro rata for `affiliates` over `months` (signups and commissions scale). */
export function scaledYear(year: YearAssumptions, affiliates: number, months: number): YearAssumptions {
  return {
    activeAffiliates: affiliates,
    signupsPerAffiliate: Math.round((year.signupsPerAffiliate * months * 100) / 12) / 100,
    activationRateBasisPoints: year.activationRateBasisPoints,
    averageLtvCents: year.averageLtvCents,
    commissionsCents: Math.floor(
      (year.commissionsCents * affiliates * months) / (year.activeAffiliates * 12),
    ),
  };
}

function permille(demo: number | null, projected: number | null): number | null {
  if (demo === null || projected === null || projected === 0) return null;
  return Math.round((demo * 1000) / projected);
}

function row(
  key: string,
  label: string,
  unit: SummaryUnit,
  projected: number | null,
  demo: number | null,
): SummaryRow {
  return { key, label, unit, projected, demo, demoOfProjectedPermille: permille(demo, projected) };
}

function roiTenths(revenueCents: number, commissionsCents: number): number | null {
  const roi = returnOnInvestment(BigInt(revenueCents), BigInt(commissionsCents));
  return roi === null ? null : Number(roi.roundedTenths);
}

export function summariseDemo(year: YearAssumptions, produced: ProducedFigures): SummaryRow[] {
  const projection = projectYear(year, 1);
  const activatedProjected = Number(floor(projection.activatedAccounts));
  const signupsProjected = Number(floor(projection.referredSignups));
  const signups = produced.referredSignups;
  const activationBasisPoints =
    signups === 0 ? null : Math.round((produced.activatedAccounts * 10_000) / signups);
  const lifetimeRevenueCents = produced.activatedAccounts * produced.averageLifetimeValueCents;
  const affiliates = year.activeAffiliates;
  return [
    row(
      'activeAffiliates',
      'Active affiliates (with a referred signup)',
      'count',
      affiliates,
      produced.affiliatesWithSignups,
    ),
    row('referredSignups', 'Referred signups', 'count', signupsProjected, signups),
    row(
      'signupsPerAffiliate',
      'Referred signups per affiliate (hundredths)',
      'count',
      Math.round(year.signupsPerAffiliate * 100),
      affiliates === 0 ? null : Math.round((signups * 100) / affiliates),
    ),
    row(
      'activationRate',
      'Activation rate',
      'basis_points',
      year.activationRateBasisPoints,
      activationBasisPoints,
    ),
    row('activatedAccounts', 'Activated accounts', 'count', activatedProjected, produced.activatedAccounts),
    row(
      'averageLtv',
      'Avg LTV per activated account (simulated lifetime)',
      'cents',
      year.averageLtvCents,
      produced.averageLifetimeValueCents,
    ),
    row(
      'commissions',
      'Commissions earned (granted less reversed)',
      'cents',
      year.commissionsCents,
      produced.commissionsEarnedCents,
    ),
    row(
      'revenue',
      'Revenue from the channel (activated × LTV)',
      'cents',
      Number(projection.revenueCents),
      lifetimeRevenueCents,
    ),
    row(
      'roi',
      'ROI (revenue ÷ commissions)',
      'roi_tenths',
      projection.roi === null ? null : Number(projection.roi.roundedTenths),
      roiTenths(lifetimeRevenueCents, produced.commissionsEarnedCents),
    ),
    row(
      'invoicedInDemo',
      'Revenue invoiced within the demo, less refunds',
      'cents',
      null,
      produced.invoicedNetCents,
    ),
    row(
      'roiInDemo',
      'ROI on revenue invoiced within the demo',
      'roi_tenths',
      null,
      roiTenths(produced.invoicedNetCents, produced.commissionsEarnedCents),
    ),
    row(
      'commissionsPaid',
      'Commissions paid out (payouts settled)',
      'cents',
      null,
      produced.commissionsPaidCents,
    ),
  ];
}

/**
 * The average simulated lifetime value of the teams the plan activates within the demo (0 for
 * those that never pay), rounded to the cent.
 */
export function averageLifetimeValueCents(
  teams: ReadonlyArray<{ activatedDay: number | null; billing: { lifetimeValueCents: number } | null }>,
  days: number,
): number {
  const activated = teams.filter((team) => team.activatedDay !== null && team.activatedDay < days);
  if (activated.length === 0) return 0;
  const total = activated.reduce((sum, team) => sum + (team.billing?.lifetimeValueCents ?? 0), 0);
  return Math.round(total / activated.length);
}
