import type { Queryable } from '../../platform/db/database.js';

/** The whole program's referral stages in one period (from the per-affiliate daily totals). */
export interface ProgramFunnelPeriod {
  /** 0-based index of the period among the boundaries' periods. */
  periodIndex: number;
  signups: number;
  activated: number;
  /** Affiliates with at least one referred signup in the period. */
  affiliatesWithSignups: number;
}

/**
 * Sums of `funnel_daily_totals` over consecutive periods bounded by UTC days (`boundaries`: n + 1
 * midnights for n periods): a read of one row per affiliate and day, never of the events. Periods
 * without any row are left out.
 */
export async function sumProgramFunnelByPeriod(
  db: Queryable,
  boundaries: readonly Date[],
): Promise<ProgramFunnelPeriod[]> {
  if (boundaries.length < 2) return [];
  const days = boundaries.map((boundary) => boundary.toISOString().slice(0, 10));
  const rows = await db.query<{ bucket: number; signups: number; activated: number; affiliates: number }>(
    `SELECT width_bucket(day, $1::date[])::int4 AS bucket, sum(signups)::int8 AS signups,
            sum(activated)::int8 AS activated,
            count(DISTINCT affiliate_id) FILTER (WHERE signups > 0)::int8 AS affiliates
       FROM funnel_daily_totals
      WHERE day >= $2::date AND day < $3::date
      GROUP BY 1`,
    [days, days[0], days[days.length - 1]],
  );
  return rows.map((row) => ({
    periodIndex: row.bucket - 1,
    signups: Number(row.signups),
    activated: Number(row.activated),
    affiliatesWithSignups: Number(row.affiliates),
  }));
}
