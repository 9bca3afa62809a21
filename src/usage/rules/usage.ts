import { teamIdPattern, teamIdRule } from '../../platform/rules/external_ids.js';
import { msPerDay } from '../../settings/rules/program_settings.js';

/** One usage report of the EmDash backend, as accepted after validation. */
export interface UsageEvent {
  id: string;
  teamId: string;
  apiCalls: number;
  occurredAt: Date;
}

export const usageEventsPerRequestMax = 1_000;
export const usageEventIdLengthMax = 200;
export const usageApiCallsMax = 1_000_000;
/** Clocks drift; an event a little ahead of ours is still believed. */
export const usageFutureToleranceMs = 5 * 60_000;

export const usageRejectionReasons = [
  'not_an_object',
  'invalid_id',
  'invalid_team_id',
  'invalid_api_calls',
  'invalid_occurred_at',
  'late',
  'in_future',
] as const;
export type UsageRejectionReason = (typeof usageRejectionReasons)[number];

export interface UsageRejection {
  index: number;
  reason: UsageRejectionReason;
  message: string;
}

export type UsageEventVerdict = { ok: true; event: UsageEvent } | { ok: false; rejection: UsageRejection };

const isoTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** PostgreSQL text cannot hold NUL, so such an id could never be stored. */
function isBoundedString(value: unknown, lengthMax: number): value is string {
  return (
    typeof value === 'string' && value.length >= 1 && value.length <= lengthMax && !value.includes('\u0000')
  );
}

function parseIsoTime(value: unknown): Date | null {
  if (typeof value !== 'string' || !isoTimePattern.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** The oldest `occurredAt` still accepted: ids older than this may have been forgotten. */
export function usageLateBefore(now: Date, dedupeWindowDays: number): Date {
  return new Date(now.getTime() - dedupeWindowDays * msPerDay);
}

/** Checks one raw event of a batch; `index` is its position, reported back with any rejection. */
export function validateUsageEvent(
  raw: unknown,
  index: number,
  now: Date,
  dedupeWindowDays: number,
): UsageEventVerdict {
  const reject = (reason: UsageRejectionReason, message: string): UsageEventVerdict => ({
    ok: false,
    rejection: { index, reason, message },
  });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return reject('not_an_object', 'each event must be an object {id, teamId, apiCalls, occurredAt}');
  }
  const event = raw as Record<string, unknown>;
  if (!isBoundedString(event.id, usageEventIdLengthMax)) {
    return reject(
      'invalid_id',
      `id must be a string of 1 to ${usageEventIdLengthMax} characters, without NUL`,
    );
  }
  // The one rule for team ids, as at signup: an id outside it names no team.
  if (typeof event.teamId !== 'string' || !teamIdPattern.test(event.teamId)) {
    return reject('invalid_team_id', `teamId must be ${teamIdRule}`);
  }
  const apiCalls = event.apiCalls;
  if (
    typeof apiCalls !== 'number' ||
    !Number.isInteger(apiCalls) ||
    apiCalls < 0 ||
    apiCalls > usageApiCallsMax
  ) {
    return reject('invalid_api_calls', `apiCalls must be an integer from 0 to ${usageApiCallsMax}`);
  }
  const occurredAt = parseIsoTime(event.occurredAt);
  if (!occurredAt) {
    return reject(
      'invalid_occurred_at',
      'occurredAt must be an ISO 8601 time with a zone, e.g. 2026-01-05T12:00:00Z',
    );
  }
  if (occurredAt.getTime() < usageLateBefore(now, dedupeWindowDays).getTime()) {
    return reject('late', `occurredAt is more than ${dedupeWindowDays} days ago (the dedupe window)`);
  }
  if (occurredAt.getTime() > now.getTime() + usageFutureToleranceMs) {
    return reject('in_future', 'occurredAt is more than 5 minutes ahead of the program clock');
  }
  return { ok: true, event: { id: event.id, teamId: event.teamId, apiCalls, occurredAt } };
}

/** The UTC day of a time, as `YYYY-MM-DD` (an "active day" is a UTC day with at least one call). */
export function utcDay(time: Date): string {
  return time.toISOString().slice(0, 10);
}
