/**
 * The program's calendar for actuals: program year 1 starts on the first UTC day of the program's
 * first month; a year is twelve calendar months from there, a month is a UTC calendar month. Pure.
 */
export type PeriodGrain = 'year' | 'month';

export interface ProgramPeriod {
  /** "Year 1", or the month "2026-03". */
  label: string;
  /** The program year the period is in (1 for the first twelve months). */
  programYear: number;
  start: Date;
  /** Exclusive. */
  end: Date;
}

/** A program older than this is reported from its start up to this many months only. */
export const programMonthsMax = 240;

const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** "2026-03" → 2026-03-01T00:00:00Z; null when it is not a month. */
export function parseMonth(text: string): Date | null {
  const match = monthPattern.exec(text);
  if (!match) return null;
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
}

export function monthLabel(date: Date): string {
  return date.toISOString().slice(0, 7);
}

export function startOfMonth(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
}

export function addMonths(date: Date, months: number): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
}

/**
 * Every period from the program's start up to the one holding `asOf` (included), at most
 * `programMonthsMax` months. Empty when `asOf` is before the start.
 */
export function programPeriods(programStart: Date, asOf: Date, grain: PeriodGrain): ProgramPeriod[] {
  const start = startOfMonth(programStart);
  if (asOf.getTime() < start.getTime()) return [];
  const monthsElapsed =
    (asOf.getUTCFullYear() - start.getUTCFullYear()) * 12 + (asOf.getUTCMonth() - start.getUTCMonth());
  const months = Math.min(monthsElapsed + 1, programMonthsMax);
  if (grain === 'month') {
    return Array.from({ length: months }, (_, index) => {
      const periodStart = addMonths(start, index);
      return {
        label: monthLabel(periodStart),
        programYear: Math.floor(index / 12) + 1,
        start: periodStart,
        end: addMonths(periodStart, 1),
      };
    });
  }
  const years = Math.ceil(months / 12);
  return Array.from({ length: years }, (_, index) => ({
    label: `Year ${index + 1}`,
    programYear: index + 1,
    start: addMonths(start, index * 12),
    end: addMonths(start, (index + 1) * 12),
  }));
}

/** The periods that overlap the months `from` to `to` (both included; either may be absent). */
export function periodsBetween(
  periods: readonly ProgramPeriod[],
  range: { from?: Date | undefined; to?: Date | undefined },
): ProgramPeriod[] {
  const toEnd = range.to ? addMonths(range.to, 1) : undefined;
  return periods.filter(
    (period) =>
      (range.from === undefined || period.end.getTime() > range.from.getTime()) &&
      (toEnd === undefined || period.start.getTime() < toEnd.getTime()),
  );
}

/** The bounds of consecutive periods: n + 1 instants for n periods (storage buckets by them). */
export function periodBoundaries(periods: readonly ProgramPeriod[]): Date[] {
  if (periods.length === 0) return [];
  return [...periods.map((period) => period.start), periods[periods.length - 1]!.end];
}

/** The index of the period holding `at`, or -1 when it is outside every period. */
export function periodIndexOf(periods: readonly ProgramPeriod[], at: Date): number {
  const time = at.getTime();
  return periods.findIndex((period) => period.start.getTime() <= time && time < period.end.getTime());
}
