import { formatCents, formatCount, formatPercent, formatTenths } from './format_figures.js';
import type { Projection } from './projection.js';

/** Columns padded to their widest cell: the first left-aligned (labels), the others right-aligned. */
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, index) => (index === 0 ? cell.padEnd(widths[index]!) : cell.padStart(widths[index]!)))
      .join('   ')
      .trimEnd(),
  );
}

function notesBlock(notes: readonly string[]): string[] {
  return notes.length === 0 ? [] : ['', 'Notes:', ...notes.map((note) => `- ${note}`)];
}

function resultsLines(projection: Projection): string[] {
  const years = projection.results.years;
  const row = (label: string, cell: (year: (typeof years)[number]) => string) => [label, ...years.map(cell)];
  const table = [
    ['Metric', ...years.map((year) => `Year ${year.year}`)],
    row('Active affiliates', (year) => formatCount(year.activeAffiliates)),
    row('Referred signups per affiliate', (year) => formatCount(year.signupsPerAffiliate)),
    row('Referred signups', (year) => formatCount(year.referredSignups)),
    row('Activation rate', (year) => formatPercent(year.activationRateBasisPoints)),
    row('Activated accounts', (year) => formatCount(year.activatedAccounts)),
    row('Avg LTV per activated account', (year) => formatCents(year.averageLtvCents)),
    row('Total commissions paid (input)', (year) => formatCents(year.commissionsCents)),
    row('Revenue from affiliate channel', (year) => formatCents(year.revenueCents)),
    row('ROI (revenue / commissions)', (year) => (year.roi ? formatTenths(year.roi.roundedTenths) : '—')),
  ];
  return ['Results (projection)', '', ...alignColumns(table), ...notesBlock(projection.results.notes)];
}

function agencyLines(projection: Projection): string[] {
  const share = formatPercent(BigInt(projection.assumptions.agencyShareRateBasisPoints));
  const table = [
    [
      'Agency size',
      'Clients/year',
      'Conversion rate',
      'Avg client revenue',
      'Clients converted',
      'Year of client revenue',
      `Agency's ${share} share`,
    ],
    ...projection.agencies.rows.map((row) => [
      row.size,
      formatCount(row.clientsPerYear),
      formatPercent(row.conversionRateBasisPoints),
      `${formatCents(row.averageClientRevenueCentsPerMonth)}/mo`,
      formatCount(row.clientsConverted),
      formatCents(row.clientRevenueCentsPerYear),
      formatCents(row.agencyShareCentsPerYear),
    ]),
  ];
  return [
    'Economics of agency partnerships (projection, one year)',
    '',
    ...alignColumns(table),
    ...notesBlock(projection.agencies.notes),
  ];
}

/** Both tables for a terminal, each followed by its notes. */
export function renderTable(projection: Projection): string {
  return [...resultsLines(projection), '', '', ...agencyLines(projection)].join('\n') + '\n';
}
