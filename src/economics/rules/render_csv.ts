import { formatCsv } from '../../payouts/rules/csv_format.js';
import type { ProjectionJson } from './projection_json.js';

/**
 * Both tables as one long CSV (RFC 4180, CRLF), a figure per record, so one file holds tables
 * of different shapes and a spreadsheet pivot rebuilds either:
 * `table,row,metric,value,unit` — e.g. `results,Year 3,revenueCents,1900800000,cents`.
 * Notes are records with the metric `note`.
 */
export const csvHeader = ['table', 'row', 'metric', 'value', 'unit'] as const;

function unitOf(metric: string): string {
  if (metric.endsWith('Cents') || metric.endsWith('CentsPerMonth') || metric.endsWith('CentsPerYear'))
    return 'cents';
  if (metric.endsWith('BasisPoints')) return 'basis_points';
  if (metric.endsWith('Tenths')) return 'tenths';
  if (metric === 'roiExact') return 'ratio';
  if (metric === 'capped') return 'boolean';
  return 'count';
}

function figureRecords(
  table: string,
  row: string,
  figures: Record<string, unknown>,
  skip: string[],
): string[][] {
  return Object.entries(figures)
    .filter(([metric]) => !skip.includes(metric))
    .map(([metric, value]) => [table, row, metric, value === null ? '' : String(value), unitOf(metric)]);
}

function noteRecords(table: string, notes: readonly string[]): string[][] {
  return notes.map((note) => [table, '', 'note', note, 'text']);
}

export function renderCsv(projection: ProjectionJson): string {
  const records: string[][] = [[...csvHeader]];
  for (const year of projection.results.years) {
    records.push(...figureRecords('results', `Year ${year.year}`, { ...year }, ['year']));
  }
  records.push(...noteRecords('results', projection.results.notes));
  for (const row of projection.agencies.rows) {
    records.push(...figureRecords('agencies', row.size, { ...row }, ['size']));
  }
  records.push(...noteRecords('agencies', projection.agencies.notes));
  return formatCsv(records);
}
