import { CronExpressionParser } from 'cron-parser';

/**
 * Job schedules in UTC, as standard 5-field cron expressions (minute hour day-of-month month
 * day-of-week). Pure: given a window of time, which occurrences fall inside it.
 */
export interface Schedule {
  /** The 5-field cron expression, fields separated by one space, e.g. `5 0 * * *`. */
  cron: string;
}

export const occurrencesMax = 10_000;

/**
 * One cron field: numbers, `*`, ranges, steps, lists and three-letter month or day names.
 * Extensions that are not standard cron (`H` hashing, `L`, `W`, `#`, `?`) are refused; `H` would
 * also pick its value at random.
 */
const cronFieldPattern = /^(?:\d+|\*|[A-Za-z]{3})(?:[-/,](?:\d+|\*|[A-Za-z]{3}))*$/;

function parseCron(cron: string, after: Date, until?: Date) {
  return CronExpressionParser.parse(cron, {
    tz: 'UTC',
    currentDate: after,
    ...(until ? { endDate: until } : {}),
  });
}

/** Occurrences in the half-open window (after, until], oldest first, at most `occurrencesMax`. */
export function occurrencesBetween(schedule: Schedule, after: Date, until: Date): Date[] {
  const found: Date[] = [];
  if (until.getTime() <= after.getTime()) return found;
  const occurrences = parseCron(schedule.cron, after, until);
  while (found.length < occurrencesMax && occurrences.hasNext()) found.push(occurrences.next().toDate());
  return found;
}

/**
 * Parses a 5-field cron expression (UTC), or one of the older forms kept as aliases:
 * `daily@HH:MM` (= `MM HH * * *`) and `monthly@D@HH:MM` (= `MM HH D * *`, day 1–28).
 */
export function parseSchedule(text: string): Schedule | null {
  const alias = aliasToCron(text);
  if (alias === null) return null;
  const cron = alias ?? text.trim().split(/\s+/).join(' ');
  const fields = cron.split(' ');
  if (fields.length !== 5 || !fields.every((field) => cronFieldPattern.test(field))) return null;
  try {
    parseCron(cron, new Date(0));
  } catch {
    return null;
  }
  return { cron };
}

/** The cron expression an alias stands for; null for a malformed alias, undefined for no alias. */
function aliasToCron(text: string): string | null | undefined {
  const daily = /^daily@(\d{2}):(\d{2})$/.exec(text);
  if (daily) {
    const [hour, minute] = [Number(daily[1]), Number(daily[2])];
    return hour < 24 && minute < 60 ? `${minute} ${hour} * * *` : null;
  }
  const monthly = /^monthly@(\d{1,2})@(\d{2}):(\d{2})$/.exec(text);
  if (monthly) {
    const [day, hour, minute] = [Number(monthly[1]), Number(monthly[2]), Number(monthly[3])];
    return day >= 1 && day <= 28 && hour < 24 && minute < 60 ? `${minute} ${hour} ${day} * *` : null;
  }
  return undefined;
}
