/**
 * Calendar-month arithmetic in UTC, in one place. "The same date N months later" keeps the time of
 * day and clamps the day to the last day of the target month: Jan 31 + 1 month = Feb 28 (or 29).
 */

/** Days in a month; `monthIndex` is 0-based and may run past 11 (Date.UTC normalises it). */
function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

export function addCalendarMonths(date: Date, months: number): Date {
  if (!Number.isInteger(months)) throw new Error(`months must be an integer, got ${months}`);
  const year = date.getUTCFullYear();
  const monthIndex = date.getUTCMonth() + months;
  const targetYear = year + Math.floor(monthIndex / 12);
  const targetMonth = ((monthIndex % 12) + 12) % 12;
  const day = Math.min(date.getUTCDate(), daysInMonth(targetYear, targetMonth));
  return new Date(
    Date.UTC(
      targetYear,
      targetMonth,
      day,
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
      date.getUTCMilliseconds(),
    ),
  );
}

/** `YYYY-MM` of the UTC calendar month holding `date`. */
export function calendarMonthKey(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/** The first instant of the UTC calendar month holding `date`. */
export function calendarMonthStart(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
}

/** The first instant of the following UTC calendar month (the exclusive end of `date`'s month). */
export function nextCalendarMonthStart(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
}

/** Whether `date` lies in the half-open window [start, end). */
export function isWithinHalfOpen(date: Date, start: Date, end: Date): boolean {
  return date.getTime() >= start.getTime() && date.getTime() < end.getTime();
}
