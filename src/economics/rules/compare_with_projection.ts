import type { ActualFigures } from './actual_figures.js';
import type { PeriodGrain, ProgramPeriod } from './program_periods.js';
import type { ResultsYear } from './project_results.js';
import { floor, fromInteger, multiply, type Rational, rational } from './rational.js';

/** The Results table's rows, in the brief's order; the keys are part of the API's shape. */
export const comparedMetrics = [
  { metric: 'activeAffiliates', label: 'Active affiliates', unit: 'count' },
  { metric: 'referredSignups', label: 'Referred signups', unit: 'count' },
  { metric: 'signupsPerAffiliate', label: 'Referred signups per affiliate', unit: 'decimal' },
  { metric: 'activationRateBasisPoints', label: 'Activation rate', unit: 'basis_points' },
  { metric: 'activatedAccounts', label: 'Activated accounts', unit: 'count' },
  { metric: 'averageLtvCents', label: 'Avg LTV per activated account', unit: 'cents' },
  { metric: 'commissionsCents', label: 'Commissions (granted net of reversals)', unit: 'cents' },
  { metric: 'commissionsPaidOutCents', label: 'Commissions paid out', unit: 'cents' },
  { metric: 'revenueCents', label: 'Revenue from affiliate channel', unit: 'cents' },
  { metric: 'roiTenths', label: 'ROI (revenue / commissions)', unit: 'tenths' },
] as const;

export type ComparedMetric = (typeof comparedMetrics)[number]['metric'];
export type FigureUnit = (typeof comparedMetrics)[number]['unit'];

/** One row of one period: the actual figure, the projected one, and actual − projected. */
export interface ComparedFigure {
  metric: ComparedMetric;
  label: string;
  unit: FigureUnit;
  actual: number | null;
  projected: number | null;
  /** Of the two figures as printed; null when either is. */
  difference: number | null;
}

type Exact = Record<ComparedMetric, Rational | null>;

const monthsPerYear = 12n;
const basisPointsPerWhole = 10_000n;

/** The value × scale, rounded half up (toward plus infinity at a half). */
function roundHalfUp(value: Rational, scale: bigint): bigint {
  return floor(rational(value.numerator * scale * 2n + value.denominator, value.denominator * 2n));
}

/**
 * How a figure is printed, as an integer of its smallest step and that step's size: counts and
 * decimals to the hundredth (half up), rates to the basis point (half up), money floored to the
 * cent, ROI to the tenth (half up).
 */
function toSteps(value: Rational, unit: FigureUnit): { steps: bigint; perUnit: bigint } {
  switch (unit) {
    case 'count':
    case 'decimal':
      return { steps: roundHalfUp(value, 100n), perUnit: 100n };
    case 'basis_points':
      return { steps: roundHalfUp(value, basisPointsPerWhole), perUnit: 1n };
    case 'cents':
      return { steps: floor(value), perUnit: 1n };
    case 'tenths':
      return { steps: roundHalfUp(value, 10n), perUnit: 1n };
  }
}

function toNumber(steps: bigint, perUnit: bigint): number {
  const number = Number(steps) / Number(perUnit);
  if (!Number.isSafeInteger(Number(steps))) throw new RangeError(`${steps} is beyond a safe integer`);
  return number;
}

function actualExact(figures: ActualFigures): Exact {
  const integer = (value: bigint | null) => (value === null ? null : fromInteger(value));
  return {
    activeAffiliates: integer(figures.activeAffiliates),
    referredSignups: integer(figures.referredSignups),
    signupsPerAffiliate: figures.signupsPerAffiliate,
    activationRateBasisPoints: figures.activationRate,
    activatedAccounts: integer(figures.activatedAccounts),
    averageLtvCents: integer(figures.averageLtvCents),
    commissionsCents: integer(figures.commissionsCents),
    commissionsPaidOutCents: integer(figures.commissionsPaidOutCents),
    revenueCents: integer(figures.revenueCents),
    roiTenths: figures.roi?.exact ?? null,
  };
}

/**
 * The projection for one period: the projected year's figures; for a month, the year's flows
 * (signups, activations, commissions, revenue, signups per affiliate) pro rata, one twelfth, and
 * its levels (affiliates, rates, LTV, ROI) as they are. No projection beyond the projected years.
 */
export function projectedExact(year: ResultsYear | undefined, grain: PeriodGrain): Exact | null {
  if (!year) return null;
  const share = grain === 'month' ? rational(1n, monthsPerYear) : rational(1n);
  const flow = (value: Rational) => multiply(value, share);
  return {
    activeAffiliates: fromInteger(year.activeAffiliates),
    referredSignups: flow(year.referredSignups),
    signupsPerAffiliate: flow(year.signupsPerAffiliate),
    activationRateBasisPoints: rational(year.activationRateBasisPoints, basisPointsPerWhole),
    activatedAccounts: flow(year.activatedAccounts),
    averageLtvCents: fromInteger(year.averageLtvCents),
    commissionsCents: flow(fromInteger(year.commissionsCents)),
    // The projection does not model when commissions reach affiliates' bank accounts.
    commissionsPaidOutCents: null,
    revenueCents: flow(fromInteger(year.revenueCents)),
    roiTenths: year.roi?.exact ?? null,
  };
}

/** Each row of a period: actual beside projected, and their difference as printed. */
export function compareFigures(actual: ActualFigures, projected: Exact | null): ComparedFigure[] {
  const actualValues = actualExact(actual);
  return comparedMetrics.map(({ metric, label, unit }) => {
    const a = actualValues[metric];
    const p = projected?.[metric] ?? null;
    const aSteps = a === null ? null : toSteps(a, unit);
    const pSteps = p === null ? null : toSteps(p, unit);
    return {
      metric,
      label,
      unit,
      actual: aSteps ? toNumber(aSteps.steps, aSteps.perUnit) : null,
      projected: pSteps ? toNumber(pSteps.steps, pSteps.perUnit) : null,
      difference: aSteps && pSteps ? toNumber(aSteps.steps - pSteps.steps, aSteps.perUnit) : null,
    };
  });
}

/** The projected year a period falls in (program year 1 is the projection's Year 1). */
export function projectedYearOf(
  period: ProgramPeriod,
  years: readonly ResultsYear[],
): ResultsYear | undefined {
  return years[period.programYear - 1];
}
