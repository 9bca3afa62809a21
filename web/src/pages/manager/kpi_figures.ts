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

export interface GrowthFigures {
  affiliatesJoined: number;
  referredAffiliatesJoined: number;
  referredAffiliateShareBasisPoints: number | null;
  channelNewAcvCents: number;
  totalNewAcvCents: number;
  totalNewAcvSource: 'billing' | 'input';
  channelAcvShareBasisPoints: number | null;
  costPerActivatedAccountCents: number | null;
  outboundCostPerAccountCents: number;
  outboundToChannelCostTenths: number | null;
}

export interface KpiPeriod {
  label: string;
  start: string;
  /** False for the period still running (its actuals are to date). */
  complete: boolean;
  figures: ComparedFigure[];
  growth?: GrowthFigures;
}

/** `GET /v1/admin/economics?actual=true`: the projection, and the program's periods beside it. */
export interface EconomicsAnswer {
  projection?: { results?: { notes?: string[] } };
  actual?: { periods?: KpiPeriod[] } | null;
}

export function periodsOf(answer: EconomicsAnswer | null): KpiPeriod[] {
  return answer?.actual?.periods ?? [];
}

export function notesOf(answer: EconomicsAnswer | null): string[] {
  return answer?.projection?.results?.notes ?? [];
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
