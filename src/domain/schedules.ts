/** Job schedules in UTC. Pure: given a window of time, which occurrences fall inside it. */
export type Schedule =
  | { kind: 'daily'; minuteOfDay: number }
  | { kind: 'monthly'; dayOfMonth: number; minuteOfDay: number };

export const occurrencesMax = 10_000;
const msPerMinute = 60_000;
const msPerDay = 86_400_000;

function startOfUtcDay(time: Date): number {
  return Date.UTC(time.getUTCFullYear(), time.getUTCMonth(), time.getUTCDate());
}

/** Occurrences in the half-open window (after, until], oldest first, at most `occurrencesMax`. */
export function occurrencesBetween(schedule: Schedule, after: Date, until: Date): Date[] {
  const found: Date[] = [];
  if (until.getTime() <= after.getTime()) return found;
  if (schedule.kind === 'daily') {
    for (
      let day = startOfUtcDay(after);
      day <= until.getTime() && found.length < occurrencesMax;
      day += msPerDay
    ) {
      const at = day + schedule.minuteOfDay * msPerMinute;
      if (at > after.getTime() && at <= until.getTime()) found.push(new Date(at));
    }
    return found;
  }
  let year = after.getUTCFullYear();
  let month = after.getUTCMonth();
  while (found.length < occurrencesMax) {
    const at = Date.UTC(year, month, schedule.dayOfMonth) + schedule.minuteOfDay * msPerMinute;
    if (at > until.getTime()) break;
    if (at > after.getTime()) found.push(new Date(at));
    month += 1;
    if (month === 12) {
      month = 0;
      year += 1;
    }
  }
  return found;
}

/** Parses `daily@HH:MM` or `monthly@D@HH:MM` (day 1–28, so every month has it). */
export function parseSchedule(text: string): Schedule | null {
  const daily = /^daily@(\d{2}):(\d{2})$/.exec(text);
  if (daily) {
    const minuteOfDay = Number(daily[1]) * 60 + Number(daily[2]);
    return Number(daily[1]) < 24 && Number(daily[2]) < 60 ? { kind: 'daily', minuteOfDay } : null;
  }
  const monthly = /^monthly@(\d{1,2})@(\d{2}):(\d{2})$/.exec(text);
  if (monthly) {
    const dayOfMonth = Number(monthly[1]);
    const minuteOfDay = Number(monthly[2]) * 60 + Number(monthly[3]);
    if (dayOfMonth < 1 || dayOfMonth > 28 || Number(monthly[2]) >= 24 || Number(monthly[3]) >= 60)
      return null;
    return { kind: 'monthly', dayOfMonth, minuteOfDay };
  }
  return null;
}
