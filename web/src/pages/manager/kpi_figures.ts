// The economics endpoint's periods and figures, read tolerantly, and how each figure's unit is written.
import { formatCents } from '../../format';

export type FigureUnit = 'count' | 'decimal' | 'basis_points' | 'cents' | 'tenths';

export interface ComparedFigure {
  metric: string;
  label: string;
  unit: FigureUnit;
  actual: number | null;
  projected: number | null;
  difference: number | null;
}

export interface KpiPeriod {
  label: string;
  start: string;
  figures: ComparedFigure[];
}

interface RawPeriod {
  label?: string;
  period?: string;
  start?: string;
  figures?: ComparedFigure[];
  rows?: ComparedFigure[];
  metrics?: ComparedFigure[];
}

function periodStart(raw: RawPeriod): string {
  if (raw.start) return raw.start;
  const label = raw.label ?? raw.period ?? '';
  return /^\d{4}-\d{2}$/.test(label) ? `${label}-01T00:00:00.000Z` : '';
}

/** The periods of an economics answer, whatever their list and figure lists are called. */
export function periodsOf(answer: unknown): KpiPeriod[] {
  if (!answer || typeof answer !== 'object') return [];
  const record = answer as Record<string, unknown>;
  const list = [
    record.periods,
    record.rows,
    (record.actual as Record<string, unknown> | undefined)?.periods,
  ].find(Array.isArray) as RawPeriod[] | undefined;
  return (list ?? []).map((raw) => ({
    label: raw.label ?? raw.period ?? '',
    start: periodStart(raw),
    figures: raw.figures ?? raw.rows ?? raw.metrics ?? [],
  }));
}

export function notesOf(answer: unknown): string[] {
  if (!answer || typeof answer !== 'object') return [];
  const notes = (answer as Record<string, unknown>).notes;
  return Array.isArray(notes) ? notes.filter((note): note is string => typeof note === 'string') : [];
}

function plain(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

export function formatFigure(unit: FigureUnit, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  switch (unit) {
    case 'cents':
      return formatCents(value);
    case 'basis_points':
      return `${(value / 100).toFixed(1)} %`;
    case 'tenths':
      return `${(value / 10).toFixed(1)}x`;
    default:
      return plain(value);
  }
}

export function formatDifference(unit: FigureUnit, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const text = formatFigure(unit, Math.abs(value));
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}

/** One figure's projected and actual values across the periods, for a chart. */
export function seriesOf(periods: KpiPeriod[], metric: string) {
  const rows = periods.filter((period) => period.start !== '');
  const figure = (period: KpiPeriod) => period.figures.find((candidate) => candidate.metric === metric);
  return {
    starts: rows.map((period) => period.start),
    projected: rows.map((period) => figure(period)?.projected ?? null),
    actual: rows.map((period) => figure(period)?.actual ?? null),
  };
}
