/**
 * An agency's Tier 4 revenue share per client team and UTC calendar month. A commission counts
 * in the month it was earned (its invoice's payment) with what it still holds: the granted amount
 * after the cap, minus what was reversed. Pure.
 */

/** Longest range one report covers, in days (two years, so a year compares to the last). */
export const revenueShareRangeDaysMax = 731;
/** Months shown when no range is asked for: this one and the eleven before it. */
export const revenueShareDefaultMonths = 12;

export interface DayRange {
  /** YYYY-MM-DD, both ends included. */
  from: string;
  to: string;
}

export interface EarnedCommission {
  teamId: string;
  earnedAt: Date;
  /** Granted after the cap, minus reversed; never negative. */
  earnedCents: number;
}

export interface ProjectOfTeam {
  projectId: string;
  projectName: string;
}

export interface MonthPoint {
  /** First day of the UTC month, YYYY-MM-DD. */
  start: string;
  earnedCents: number;
}

export interface ClientRevenueShare {
  teamId: string;
  projectId: string | null;
  projectName: string | null;
  series: MonthPoint[];
  totalCents: number;
}

export interface RevenueShareReport {
  from: string;
  to: string;
  interval: 'month';
  totals: { earnedCents: number; clients: number };
  byClient: ClientRevenueShare[];
}

const msPerDay = 86_400_000;
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const monthKeyOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);

/** The range asked for, or the default twelve months ending today; throws a message on a bad one. */
export function revenueShareRange(asked: Partial<DayRange>, today: string): DayRange {
  const to = asked.to ?? today;
  const toDate = new Date(dayMs(to));
  const defaultFrom = new Date(
    Date.UTC(toDate.getUTCFullYear(), toDate.getUTCMonth() - (revenueShareDefaultMonths - 1), 1),
  );
  const from = asked.from ?? defaultFrom.toISOString().slice(0, 10);
  const days = (dayMs(to) - dayMs(from)) / msPerDay + 1;
  if (Number.isNaN(days)) throw new RangeError('from and to must be calendar days');
  if (days < 1) throw new RangeError('from must not be after to');
  if (days > revenueShareRangeDaysMax) {
    throw new RangeError(`a revenue share report covers at most ${revenueShareRangeDaysMax} days`);
  }
  return { from, to };
}

/** The half-open instants [fromAt, toBefore) of a day range. */
export function rangeInstants(range: DayRange): { fromAt: Date; toBefore: Date } {
  return { fromAt: new Date(dayMs(range.from)), toBefore: new Date(dayMs(range.to) + msPerDay) };
}

/** `YYYY-MM` of every UTC month the range touches, in order. */
export function monthsOfRange(range: DayRange): string[] {
  const from = new Date(dayMs(range.from));
  const last = monthKeyOf(dayMs(range.to));
  const months: string[] = [];
  for (let index = 0; ; index += 1) {
    const key = monthKeyOf(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + index, 1));
    months.push(key);
    if (key === last) return months;
  }
}

/**
 * One row per client team that earned in the range (most earned first, then by team id), each with
 * every month of the range, empty ones included.
 */
export function buildRevenueShareReport(
  range: DayRange,
  commissions: readonly EarnedCommission[],
  projects: ReadonlyMap<string, ProjectOfTeam>,
): RevenueShareReport {
  const months = monthsOfRange(range);
  const byTeam = new Map<string, Map<string, number>>();
  for (const commission of commissions) {
    if (commission.earnedCents < 0) throw new Error(`negative earnings for ${commission.teamId}`);
    const month = monthKeyOf(commission.earnedAt.getTime());
    const perMonth = byTeam.get(commission.teamId) ?? new Map<string, number>();
    perMonth.set(month, (perMonth.get(month) ?? 0) + commission.earnedCents);
    byTeam.set(commission.teamId, perMonth);
  }
  const byClient: ClientRevenueShare[] = [...byTeam].map(([teamId, perMonth]) => {
    const series = months.map((month) => ({ start: `${month}-01`, earnedCents: perMonth.get(month) ?? 0 }));
    const project = projects.get(teamId);
    return {
      teamId,
      projectId: project?.projectId ?? null,
      projectName: project?.projectName ?? null,
      series,
      totalCents: series.reduce((sum, point) => sum + point.earnedCents, 0),
    };
  });
  byClient.sort((a, b) => b.totalCents - a.totalCents || (a.teamId < b.teamId ? -1 : 1));
  return {
    from: range.from,
    to: range.to,
    interval: 'month',
    totals: {
      earnedCents: byClient.reduce((sum, client) => sum + client.totalCents, 0),
      clients: byClient.length,
    },
    byClient,
  };
}
