import { formatCsv } from '../../payouts/rules/csv_format.js';
import type { ActualsPeriod, ActualsReport } from './actuals_report.js';
import type { ComparedFigure, FigureUnit } from './compare_with_projection.js';
import { formatCents, formatCount, formatPercent, formatTenths } from './format_figures.js';
import type { GrowthFigures } from './growth_metrics.js';
import { rational } from './rational.js';
import { alignColumns } from './render_table.js';

/** A figure as the brief writes it; differences carry their sign. */
export function formatFigure(value: number | null, unit: FigureUnit, signed = false): string {
  if (value === null) return '—';
  const sign = signed && value > 0 ? '+' : '';
  switch (unit) {
    case 'count':
    case 'decimal':
      return sign + formatCount(rational(BigInt(Math.round(value * 100)), 100n));
    case 'basis_points':
      return sign + formatPercent(BigInt(value));
    case 'cents':
      return sign + formatCents(BigInt(value));
    case 'tenths':
      return sign + formatTenths(BigInt(value));
  }
}

function growthRows(growth: GrowthFigures): string[][] {
  const share = (value: number | null) => formatFigure(value, 'basis_points');
  const money = (value: number | null) => formatFigure(value, 'cents');
  return [
    [
      'Affiliates joined (referred themselves)',
      `${growth.affiliatesJoined} (${growth.referredAffiliatesJoined})`,
    ],
    ['Share of new affiliates who were referred', share(growth.referredAffiliateShareBasisPoints)],
    ['New ACV from the channel', money(growth.channelNewAcvCents)],
    [`New ACV, all customers (${growth.totalNewAcvSource})`, money(growth.totalNewAcvCents)],
    ["Channel's share of new ACV", share(growth.channelAcvShareBasisPoints)],
    ['Cost per activated account (commissions)', money(growth.costPerActivatedAccountCents)],
    ['Outbound sales cost per account', money(growth.outboundCostPerAccountCents)],
    ['Outbound ÷ channel cost', formatFigure(growth.outboundToChannelCostTenths, 'tenths')],
  ];
}

function periodLines(period: ActualsPeriod): string[] {
  const dates = `${period.start.slice(0, 10)} to ${period.end.slice(0, 10)}`;
  const state = period.complete ? '' : ', to date';
  const figures = period.figures.map((figure: ComparedFigure) => [
    figure.label,
    formatFigure(figure.actual, figure.unit),
    formatFigure(figure.projected, figure.unit),
    formatFigure(figure.difference, figure.unit, true),
  ]);
  return [
    `${period.label} (${dates}${state})`,
    '',
    ...alignColumns([['Metric', 'Actual', 'Projected', 'Difference'], ...figures]),
    '',
    ...alignColumns([['Growth loop', 'Actual'], ...growthRows(period.growth)]),
  ];
}

/** The actuals for a terminal: one block per period, its figures beside the projection, then its growth loop. */
export function renderActualsTable(report: ActualsReport): string {
  const start = report.programStart
    ? `program year 1 starts ${report.programStart.slice(0, 10)} (${report.programStartSource.replace('_', ' ')})`
    : 'no affiliate yet: the program has not started';
  const blocks = report.periods.map((period) => periodLines(period).join('\n'));
  return [`Actuals (${start}; as of ${report.asOf})`, '', blocks.join('\n\n\n')].join('\n').trimEnd() + '\n';
}

/**
 * The actuals as CSV records of the projection's long format (`table,row,metric,value,unit`):
 * table `actual` with `<metric>.actual`, `.projected` and `.difference`, table `growth` for the loop.
 */
export function actualsCsvRecords(report: ActualsReport): string[][] {
  const records: string[][] = [];
  const value = (number: number | string | null) => (number === null ? '' : String(number));
  for (const period of report.periods) {
    for (const figure of period.figures) {
      for (const column of ['actual', 'projected', 'difference'] as const) {
        records.push([
          'actual',
          period.label,
          `${figure.metric}.${column}`,
          value(figure[column]),
          figure.unit,
        ]);
      }
    }
    for (const [metric, figure] of Object.entries(period.growth)) {
      const unit = metric.endsWith('Cents')
        ? 'cents'
        : metric.endsWith('BasisPoints')
          ? 'basis_points'
          : metric.endsWith('Tenths')
            ? 'tenths'
            : metric.endsWith('Source')
              ? 'text'
              : 'count';
      records.push(['growth', period.label, metric, value(figure as number | string | null), unit]);
    }
  }
  return records;
}

/** A plain number, negative ones included: a spreadsheet reads it as a number, never a formula. */
const plainNumber = /^-?\d+(\.\d+)?$/;

/**
 * The actuals' records without a header, to follow the projection's CSV in one file: RFC 4180 with
 * CRLF like the rest, text defused against formulas, and differences left as signed numbers.
 */
export function renderActualsCsvRecords(report: ActualsReport): string {
  return actualsCsvRecords(report)
    .map((record) =>
      record
        .map((cell) => (plainNumber.test(cell) ? cell : formatCsv([[cell]]).replace(/\r\n$/, '')))
        .join(','),
    )
    .map((line) => `${line}\r\n`)
    .join('');
}
