/** Simulated days are counted from the demo's first day (day 0, UTC midnight). Pure. */

export const msPerDay = 86_400_000;
export const msPerHour = 3_600_000;

/** The same day of the month `months` later (UTC), clamped to the month's last day. */
export function addCalendarMonths(time: Date, months: number): Date {
  const year = time.getUTCFullYear();
  const month = time.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(time.getUTCDate(), lastDay);
  return new Date(Date.UTC(year, month, day, time.getUTCHours(), time.getUTCMinutes(), time.getUTCSeconds()));
}

/** How many days `months` calendar months from `start` hold. */
export function daysInDemo(start: Date, months: number): number {
  return Math.round((addCalendarMonths(start, months).getTime() - start.getTime()) / msPerDay);
}

/** The moment `hour` o'clock (UTC) of simulated day `day`. */
export function dayTime(start: Date, day: number, hour = 0, minute = 0): Date {
  return new Date(start.getTime() + day * msPerDay + hour * msPerHour + minute * 60_000);
}

/** The simulated day of a time (days before the start are negative). */
export function dayOf(start: Date, time: Date): number {
  return Math.floor((time.getTime() - start.getTime()) / msPerDay);
}

/** `YYYY-MM-DD` of a simulated day. */
export function isoDay(start: Date, day: number): string {
  return dayTime(start, day).toISOString().slice(0, 10);
}
