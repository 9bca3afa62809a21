import type { SummaryRow, SummaryUnit } from './demo_summary.js';

/** The demo's result for a terminal: the comparison table, then the program's own figures. Pure. */

const grouped = new Intl.NumberFormat('en-US');

function formatValue(value: number | null, unit: SummaryUnit): string {
  if (value === null) return '—';
  switch (unit) {
    case 'count':
      return grouped.format(value);
    case 'cents':
      return `$${grouped.format(Math.trunc(value / 100))}.${String(Math.abs(value) % 100).padStart(2, '0')}`;
    case 'basis_points':
      return `${(value / 100).toFixed(2)} %`;
    case 'roi_tenths':
      return `${(value / 10).toFixed(1)}x`;
  }
}

function nearness(row: SummaryRow): string {
  if (row.unit === 'basis_points' && row.projected !== null && row.demo !== null) {
    const points = (row.demo - row.projected) / 100;
    return `${points >= 0 ? '+' : ''}${points.toFixed(2)} points`;
  }
  if (row.demoOfProjectedPermille === null) return '';
  return `${(row.demoOfProjectedPermille / 10).toFixed(1)} % of projected`;
}

export function renderSummaryTable(title: string, rows: readonly SummaryRow[]): string {
  const labelWidth = Math.max(...rows.map((row) => row.label.length));
  const cells = rows.map((row) => [formatValue(row.projected, row.unit), formatValue(row.demo, row.unit)]);
  const valueWidth = Math.max(9, ...cells.flat().map((cell) => cell.length));
  const header = `${title.padEnd(labelWidth)}  ${'projected'.padStart(valueWidth)}  ${'demo'.padStart(valueWidth)}  demo vs projected`;
  const lines = rows.map((row, index) => {
    const [projected, demo] = cells[index]!;
    return `${row.label.padEnd(labelWidth)}  ${projected!.padStart(valueWidth)}  ${demo!.padStart(valueWidth)}  ${nearness(row)}`.trimEnd();
  });
  return [header, '-'.repeat(header.length), ...lines].join('\n');
}

/** `label: value` lines of plain figures, values aligned. */
export function renderFigures(figures: ReadonlyArray<[string, string]>): string {
  const width = Math.max(...figures.map(([label]) => label.length));
  return figures.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}

export { formatValue };
