/**
 * The affiliate's funnel from daily rollup rows: totals, a series by day, week (Monday) or month,
 * and breakdowns per link and per content tag, each with stage-to-stage conversion rates. Pure.
 */
export const funnelIntervals = ['day', 'week', 'month'] as const;
export type FunnelInterval = (typeof funnelIntervals)[number];

/** Longest range one funnel request may cover, in days (two years, so a year compares to the last). */
export const funnelRangeDaysMax = 731;

export interface FunnelCounts {
  clicks: number;
  signups: number;
  activated: number;
  paid: number;
  sustained: number;
}

/** Stage-to-stage ratios (0–1, four decimals); null when the earlier stage is zero. */
export interface FunnelRates {
  clickToSignup: number | null;
  signupToActivated: number | null;
  activatedToPaid: number | null;
  paidToSustained: number | null;
  clickToPaid: number | null;
}

/**
 * Sums the database grouped once three ways: per bucket (`key` is the bucket's first day), per
 * link and per tag (`key` '' for none).
 */
export interface FunnelRow extends FunnelCounts {
  groupedBy: 'bucket' | 'link' | 'tag';
  key: string;
}

export interface LinkLabel {
  code: string;
  tag: string | null;
}

export interface FunnelReport {
  from: string;
  to: string;
  interval: FunnelInterval;
  totals: FunnelCounts & { rates: FunnelRates };
  series: Array<FunnelCounts & { start: string }>;
  byLink: Array<FunnelCounts & { linkId: string | null; code: string | null; rates: FunnelRates }>;
  byTag: Array<FunnelCounts & { tag: string | null; rates: FunnelRates }>;
}

const msPerDay = 86_400_000;

const zero = (): FunnelCounts => ({ clicks: 0, signups: 0, activated: 0, paid: 0, sustained: 0 });

function add(into: FunnelCounts, row: FunnelCounts): void {
  into.clicks += row.clicks;
  into.signups += row.signups;
  into.activated += row.activated;
  into.paid += row.paid;
  into.sustained += row.sustained;
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

export function funnelRates(counts: FunnelCounts): FunnelRates {
  return {
    clickToSignup: ratio(counts.signups, counts.clicks),
    signupToActivated: ratio(counts.activated, counts.signups),
    activatedToPaid: ratio(counts.paid, counts.activated),
    paidToSustained: ratio(counts.sustained, counts.paid),
    clickToPaid: ratio(counts.paid, counts.clicks),
  };
}

const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The first day of the day, ISO week (Monday) or month that holds `day`. */
export function bucketStart(day: string, interval: FunnelInterval): string {
  if (interval === 'day') return day;
  if (interval === 'month') return `${day.slice(0, 7)}-01`;
  const ms = dayMs(day);
  const weekday = (new Date(ms).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return dayOf(ms - weekday * msPerDay);
}

/** Every bucket start from the one holding `from` to the one holding `to`, in order. */
export function bucketStarts(from: string, to: string, interval: FunnelInterval): string[] {
  const starts: string[] = [];
  const last = dayMs(to);
  let cursor = dayMs(bucketStart(from, interval));
  while (cursor <= last && starts.length <= funnelRangeDaysMax) {
    starts.push(dayOf(cursor));
    if (interval === 'month') {
      const date = new Date(cursor);
      cursor = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
    } else {
      cursor += (interval === 'week' ? 7 : 1) * msPerDay;
    }
  }
  return starts;
}

/** Whole days from `from` to `to`, both included. */
export function rangeDays(from: string, to: string): number {
  return Math.round((dayMs(to) - dayMs(from)) / msPerDay) + 1;
}

export function buildFunnelReport(
  rows: readonly FunnelRow[],
  range: { from: string; to: string; interval: FunnelInterval },
  links: ReadonlyMap<string, LinkLabel>,
): FunnelReport {
  const totals = zero();
  const series = new Map(bucketStarts(range.from, range.to, range.interval).map((start) => [start, zero()]));
  const byLink: Array<[string, FunnelCounts]> = [];
  const byTag: Array<[string, FunnelCounts]> = [];
  for (const row of rows) {
    const counts = {
      clicks: row.clicks,
      signups: row.signups,
      activated: row.activated,
      paid: row.paid,
      sustained: row.sustained,
    };
    if (row.groupedBy === 'bucket') {
      add(totals, counts);
      const bucket = series.get(row.key);
      if (bucket) add(bucket, counts);
    } else if (row.groupedBy === 'link') {
      byLink.push([row.key, counts]);
    } else {
      byTag.push([row.key, counts]);
    }
  }
  const byClicks = (a: FunnelCounts, b: FunnelCounts) => b.clicks - a.clicks || b.signups - a.signups;
  return {
    ...range,
    totals: { ...totals, rates: funnelRates(totals) },
    series: [...series].map(([start, counts]) => ({ start, ...counts })),
    byLink: byLink
      .map(([linkId, counts]) => ({
        linkId: linkId === '' ? null : linkId,
        code: links.get(linkId)?.code ?? null,
        ...counts,
        rates: funnelRates(counts),
      }))
      .sort(byClicks),
    byTag: byTag
      .map(([tag, counts]) => ({ tag: tag === '' ? null : tag, ...counts, rates: funnelRates(counts) }))
      .sort(byClicks),
  };
}
