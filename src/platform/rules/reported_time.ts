/** Times the EmDash backend reports (signups, team sizes) may lag, but never lead, the program clock. */
export const reportedTimeFutureToleranceMs = 5 * 60_000;
export const reportedTimeEarliest = new Date('2000-01-01T00:00:00Z');

/** Why a reported time is refused, or null when it is acceptable. */
export function reportedTimeRefusal(time: Date, now: Date): string | null {
  if (Number.isNaN(time.getTime())) return 'is not a valid time';
  if (time.getTime() < reportedTimeEarliest.getTime()) {
    return `is before ${reportedTimeEarliest.toISOString()}`;
  }
  if (time.getTime() > now.getTime() + reportedTimeFutureToleranceMs) {
    return `is more than 5 minutes after the program clock (${now.toISOString()})`;
  }
  return null;
}
