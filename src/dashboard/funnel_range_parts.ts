/**
 * How a funnel range splits for the rollups: the whole UTC months inside it, read from the monthly
 * rollups, and the days of a partial first or last month, read from the daily ones. Pure.
 */
export interface DayRange {
  /** YYYY-MM-DD, both ends included. */
  from: string;
  to: string;
}

export interface FunnelRangeParts {
  /** First days of the first and last whole month inside the range; null when none fits. */
  months: { first: string; last: string } | null;
  /** The days outside those months: none, one or two ranges. */
  days: DayRange[];
}

const msPerDay = 86_400_000;
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function monthStartMs(ms: number, monthsLater: number): number {
  const date = new Date(ms);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + monthsLater, 1);
}

export function funnelRangeParts(range: DayRange): FunnelRangeParts {
  const fromMs = dayMs(range.from);
  const toMs = dayMs(range.to);
  const firstMonthMs = range.from.endsWith('-01') ? fromMs : monthStartMs(fromMs, 1);
  const endsMonth = monthStartMs(toMs + msPerDay, 0) === toMs + msPerDay;
  const lastMonthMs = monthStartMs(toMs, endsMonth ? 0 : -1);
  if (firstMonthMs > lastMonthMs) return { months: null, days: [{ ...range }] };
  const afterLastMonthMs = monthStartMs(lastMonthMs, 1);
  const days: DayRange[] = [];
  if (fromMs < firstMonthMs) days.push({ from: range.from, to: dayOf(firstMonthMs - msPerDay) });
  if (afterLastMonthMs <= toMs) days.push({ from: dayOf(afterLastMonthMs), to: range.to });
  return { months: { first: dayOf(firstMonthMs), last: dayOf(lastMonthMs) }, days };
}
