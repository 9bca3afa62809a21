import { msPerDay } from '../../settings/rules/program_settings.js';

/**
 * `sustained` (SPEC §3, §5): more than `sustainedDays` of active use after `paid`. Active use is
 * a live subscription and at least one API call in every activity period since the paid day:
 * UTC days counted from the day of `paid`, cut into periods of `activityPeriodDays` (the last
 * one shorter when `sustainedDays` is not a multiple). Pure.
 */
export const activityPeriodDays = 30;

export interface SustainedInput {
  paidAt: Date;
  asOf: Date;
  sustainedDays: number;
  subscriptionLive: boolean;
  /** UTC days (`YYYY-MM-DD`) with at least one API call; any order, extra days ignored. */
  activeDays: readonly string[];
}

export type SustainedVerdict =
  | { sustained: true; occurredAt: Date }
  | {
      sustained: false;
      reason: 'too_early' | 'subscription_not_live' | 'inactive_period';
      inactivePeriodIndex?: number;
    };

function utcDayIndex(time: Date): number {
  return Math.floor(time.getTime() / msPerDay);
}

function dayIndexOf(day: string): number {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / msPerDay);
}

/** The moment the team has completed `sustainedDays` after paying. */
export function sustainedBoundary(paidAt: Date, sustainedDays: number): Date {
  return new Date(paidAt.getTime() + sustainedDays * msPerDay);
}

export function evaluateSustained(input: SustainedInput): SustainedVerdict {
  const boundary = sustainedBoundary(input.paidAt, input.sustainedDays);
  // "More than" the window: the whole window must lie in the past of `asOf`.
  if (input.asOf.getTime() <= boundary.getTime()) return { sustained: false, reason: 'too_early' };
  if (!input.subscriptionLive) return { sustained: false, reason: 'subscription_not_live' };
  const firstDay = utcDayIndex(input.paidAt);
  const periodCount = Math.ceil(input.sustainedDays / activityPeriodDays);
  const activePeriods = new Set<number>();
  for (const day of input.activeDays) {
    const offset = dayIndexOf(day) - firstDay;
    if (offset >= 0 && offset < input.sustainedDays)
      activePeriods.add(Math.floor(offset / activityPeriodDays));
  }
  for (let period = 0; period < periodCount; period++) {
    if (!activePeriods.has(period)) {
      return { sustained: false, reason: 'inactive_period', inactivePeriodIndex: period };
    }
  }
  return { sustained: true, occurredAt: boundary };
}
