import type { Queryable } from '../../platform/db/database.js';
import type { FunnelRangeParts } from '../funnel_range_parts.js';
import type { FunnelInterval, FunnelRow } from '../funnel_report.js';

/**
 * One affiliate's sums in the range, in one statement: per bucket from the per-day totals, per link
 * and per tag from the monthly rollups for whole months and the daily rollups (clicks, referral
 * stages) for the days of a partial first or last month (`parts` says which is which). A year reads
 * about 365 + 12 × links rows, not 365 × links.
 */
export async function selectFunnelRows(
  db: Queryable,
  affiliateId: string,
  range: { from: string; to: string; interval: FunnelInterval },
  parts: FunnelRangeParts,
): Promise<FunnelRow[]> {
  const [head, tail] = parts.days;
  const rows = await db.query<{
    bucket: string | null;
    link_id: string | null;
    tag: string | null;
    clicks: number;
    signups: number;
    activated: number;
    paid: number;
    sustained: number;
  }>(
    `SELECT to_char(date_trunc($4::text, day::timestamp), 'YYYY-MM-DD') AS bucket, NULL AS link_id, NULL AS tag,
            sum(clicks)::int8 AS clicks, sum(signups)::int8 AS signups, sum(activated)::int8 AS activated,
            sum(paid)::int8 AS paid, sum(sustained)::int8 AS sustained
       FROM funnel_daily_totals WHERE affiliate_id = $1 AND day BETWEEN $2::date AND $3::date
      GROUP BY 1
     UNION ALL
     SELECT NULL, link_id, tag, sum(clicks)::int8, sum(signups)::int8, sum(activated)::int8, sum(paid)::int8,
            sum(sustained)::int8
       FROM (SELECT link_id, tag, clicks, signups, activated, paid, sustained FROM funnel_monthly_rollups
              WHERE affiliate_id = $1 AND month BETWEEN $5::date AND $6::date
             UNION ALL
             SELECT link_id, tag, clicks, 0, 0, 0, 0 FROM click_daily_rollups
              WHERE affiliate_id = $1 AND (day BETWEEN $7::date AND $8::date OR day BETWEEN $9::date AND $10::date)
             UNION ALL
             SELECT link_id, tag, 0, signups, activated, paid, sustained FROM referral_daily_rollups
              WHERE affiliate_id = $1 AND (day BETWEEN $7::date AND $8::date OR day BETWEEN $9::date AND $10::date)
            ) AS stages
      GROUP BY GROUPING SETS ((link_id), (tag))`,
    [
      affiliateId,
      range.from,
      range.to,
      range.interval,
      parts.months?.first ?? null,
      parts.months?.last ?? null,
      head?.from ?? null,
      head?.to ?? null,
      tail?.from ?? null,
      tail?.to ?? null,
    ],
  );
  return rows.map((row) => ({
    groupedBy: row.bucket !== null ? 'bucket' : row.link_id !== null ? 'link' : 'tag',
    key: row.bucket ?? row.link_id ?? row.tag ?? '',
    clicks: row.clicks,
    signups: row.signups,
    activated: row.activated,
    paid: row.paid,
    sustained: row.sustained,
  }));
}
