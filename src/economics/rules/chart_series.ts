import type { ActualsReport } from './actuals_report.js';
import { addMonths, monthLabel, startOfMonth } from './program_periods.js';
import type { ResultsYear } from './project_results.js';
import { floor, fromInteger, multiply, type Rational, rational } from './rational.js';

/**
 * The chart's curves: cumulative revenue and commissions (cents) and cumulative ROI (revenue to
 * date ÷ commissions to date, in tenths) by month, projected and actual. A projected month takes
 * a twelfth of its program year; `null` where there is no value (beyond the projection, before any
 * commission, or after the last actual month).
 */
export interface ChartSeries {
  key: string;
  label: string;
  panel: 'money' | 'roi';
  kind: 'projected' | 'actual';
  values: (number | null)[];
}

export interface ChartData {
  title: string;
  months: string[];
  series: ChartSeries[];
}

function roiTenths(revenue: Rational, commissions: Rational): number | null {
  if (commissions.numerator === 0n) return null;
  const ratio = rational(
    revenue.numerator * commissions.denominator * 10n,
    revenue.denominator * commissions.numerator,
  );
  return Number(floor(rational(ratio.numerator * 2n + ratio.denominator, ratio.denominator * 2n)));
}

function projectedSeries(years: readonly ResultsYear[], monthCount: number): ChartSeries[] {
  const twelfth = rational(1n, 12n);
  let revenue = fromInteger(0);
  let commissions = fromInteger(0);
  const revenueValues: (number | null)[] = [];
  const commissionValues: (number | null)[] = [];
  const roiValues: (number | null)[] = [];
  for (let month = 0; month < monthCount; month += 1) {
    const year = years[Math.floor(month / 12)];
    if (!year) {
      revenueValues.push(null);
      commissionValues.push(null);
      roiValues.push(null);
      continue;
    }
    revenue = add(revenue, multiply(fromInteger(year.revenueCents), twelfth));
    commissions = add(commissions, multiply(fromInteger(year.commissionsCents), twelfth));
    revenueValues.push(Number(floor(revenue)));
    commissionValues.push(Number(floor(commissions)));
    roiValues.push(roiTenths(revenue, commissions));
  }
  return [
    {
      key: 'revenue-projected',
      label: 'Revenue, projected',
      panel: 'money',
      kind: 'projected',
      values: revenueValues,
    },
    {
      key: 'commissions-projected',
      label: 'Commissions, projected',
      panel: 'money',
      kind: 'projected',
      values: commissionValues,
    },
    { key: 'roi-projected', label: 'ROI, projected', panel: 'roi', kind: 'projected', values: roiValues },
  ];
}

function add(a: Rational, b: Rational): Rational {
  return rational(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator);
}

function actualSeries(report: ActualsReport, monthCount: number): ChartSeries[] {
  let revenue = 0n;
  let commissions = 0n;
  const revenueValues: (number | null)[] = [];
  const commissionValues: (number | null)[] = [];
  const roiValues: (number | null)[] = [];
  for (let month = 0; month < monthCount; month += 1) {
    const period = report.periods[month];
    const figure = (metric: string) => period?.figures.find((row) => row.metric === metric)?.actual ?? 0;
    if (!period) {
      revenueValues.push(null);
      commissionValues.push(null);
      roiValues.push(null);
      continue;
    }
    revenue += BigInt(figure('revenueCents'));
    commissions += BigInt(figure('commissionsCents'));
    revenueValues.push(Number(revenue));
    commissionValues.push(Number(commissions));
    roiValues.push(roiTenths(fromInteger(revenue), fromInteger(commissions)));
  }
  return [
    {
      key: 'revenue-actual',
      label: 'Revenue, actual',
      panel: 'money',
      kind: 'actual',
      values: revenueValues,
    },
    {
      key: 'commissions-actual',
      label: 'Commissions, actual',
      panel: 'money',
      kind: 'actual',
      values: commissionValues,
    },
    { key: 'roi-actual', label: 'ROI, actual', panel: 'roi', kind: 'actual', values: roiValues },
  ];
}

/**
 * Without actuals: every month of the projected years ("M1", "M2" …). With them (a by-month report
 * from the program's start): the program's months so far, projected and actual.
 */
export function chartData(years: readonly ResultsYear[], actuals?: ActualsReport): ChartData {
  const monthCount = actuals ? actuals.periods.length : years.length * 12;
  const start = actuals?.programStart ? startOfMonth(new Date(actuals.programStart)) : null;
  const months = Array.from({ length: monthCount }, (_, index) =>
    start ? monthLabel(addMonths(start, index)) : `M${index + 1}`,
  );
  const series = [
    ...projectedSeries(years, monthCount),
    ...(actuals ? actualSeries(actuals, monthCount) : []),
  ];
  const title = actuals
    ? 'Affiliate channel: projected vs actual, cumulative by month'
    : 'Affiliate channel: projection, cumulative by month';
  return { title, months, series };
}
