import type { ProgramSettings } from '../../settings/rules/program_settings.js';
import { type UsageEvent, utcDay } from './usage.js';

/**
 * Activation (SPEC §3, §5): a referred team in `signed_up` is activated when its usage reaches
 * the threshold of the rule the program selects — total API calls (default 1,000) or distinct
 * active UTC days (default 30). Only the selected rule counts.
 */
export type ActivationSettings = Pick<
  ProgramSettings,
  'activationRule' | 'activationApiCalls' | 'activationActiveDays'
>;

export interface UsageTotals {
  apiCalls: number;
  /** UTC days with at least one API call. */
  activeDays: number;
}

/** API calls per UTC day (`YYYY-MM-DD` → calls). */
export type UsageByDay = ReadonlyMap<string, number>;

export function meetsActivation(totals: UsageTotals, settings: ActivationSettings): boolean {
  return settings.activationRule === 'api_calls'
    ? totals.apiCalls >= settings.activationApiCalls
    : totals.activeDays >= settings.activationActiveDays;
}

export function activationCause(settings: ActivationSettings): string {
  return settings.activationRule === 'api_calls'
    ? `${withThousands(settings.activationApiCalls)} API calls reached`
    : `${withThousands(settings.activationActiveDays)} active days reached`;
}

export function totalsOfDays(days: UsageByDay): UsageTotals {
  let apiCalls = 0;
  let activeDays = 0;
  for (const calls of days.values()) {
    apiCalls += calls;
    if (calls > 0) activeDays += 1;
  }
  return { apiCalls, activeDays };
}

/**
 * The event whose addition first makes the rule hold, walking `events` in time order on top of
 * `priorDays` (usage before them). When the rule already held before, the earliest event is the
 * one that brings it to light. Null when the rule does not hold after all of them.
 */
export function findActivatingEvent(
  priorDays: UsageByDay,
  events: readonly UsageEvent[],
  settings: ActivationSettings,
): { event: UsageEvent; totals: UsageTotals } | null {
  const days = new Map(priorDays);
  const totals = totalsOfDays(days);
  const ordered = [...events].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  for (const event of ordered) {
    const day = utcDay(event.occurredAt);
    const before = days.get(day) ?? 0;
    days.set(day, before + event.apiCalls);
    totals.apiCalls += event.apiCalls;
    if (before === 0 && event.apiCalls > 0) totals.activeDays += 1;
    if (meetsActivation(totals, settings)) return { event, totals: { ...totals } };
  }
  return null;
}

/**
 * The first day (in day order) by the end of which the rule holds, with the totals up to then;
 * null when it never does. For catch-up, where only per-day sums remain.
 */
export function findActivationDay(
  days: ReadonlyArray<{ day: string; apiCalls: number }>,
  settings: ActivationSettings,
): { day: string; totals: UsageTotals } | null {
  const totals: UsageTotals = { apiCalls: 0, activeDays: 0 };
  const ordered = [...days].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  for (const { day, apiCalls } of ordered) {
    totals.apiCalls += apiCalls;
    if (apiCalls > 0) totals.activeDays += 1;
    if (meetsActivation(totals, settings)) return { day, totals: { ...totals } };
  }
  return null;
}

/** Usage per day as it was before `events` were added to it. */
export function usageByDayWithout(days: UsageByDay, events: readonly UsageEvent[]): Map<string, number> {
  const prior = new Map(days);
  for (const event of events) {
    const day = utcDay(event.occurredAt);
    prior.set(day, (prior.get(day) ?? 0) - event.apiCalls);
  }
  for (const [day, calls] of prior) if (calls <= 0) prior.delete(day);
  return prior;
}

function withThousands(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
