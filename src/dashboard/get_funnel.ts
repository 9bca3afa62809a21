import type { Context } from '../app/context.js';
import { AppError, notFound } from '../platform/rules/errors.js';
import { funnelRangeParts } from './funnel_range_parts.js';
import {
  buildFunnelReport,
  type FunnelInterval,
  type FunnelReport,
  type FunnelRow,
  funnelRangeDaysMax,
  type LinkLabel,
  rangeDays,
} from './funnel_report.js';

export const defaultFunnelRangeDays = 30;

export interface FunnelQuery {
  affiliateId: string;
  /** UTC days, YYYY-MM-DD, both included; default the last 30 days up to today. */
  from?: string | undefined;
  to?: string | undefined;
  interval: FunnelInterval;
}

/** The affiliate's funnel over a range of days, read from the daily rollups only. */
export async function getFunnel(context: Context, query: FunnelQuery): Promise<FunnelReport> {
  const to = query.to ?? context.clock.now().toISOString().slice(0, 10);
  const from =
    query.from ??
    new Date(Date.parse(`${to}T00:00:00Z`) - (defaultFunnelRangeDays - 1) * 86_400_000)
      .toISOString()
      .slice(0, 10);
  const days = rangeDays(from, to);
  if (Number.isNaN(days)) throw new AppError('validation_failed', 'from and to must be calendar days');
  if (days < 1) throw new AppError('validation_failed', 'from must not be after to', { path: 'from' });
  if (days > funnelRangeDaysMax) {
    throw new AppError('validation_failed', `a funnel covers at most ${funnelRangeDaysMax} days`, {
      path: 'from',
    });
  }
  const found = await context.db.query('SELECT 1 FROM affiliates WHERE id = $1', [query.affiliateId]);
  if (found.length === 0) throw notFound('affiliate', query.affiliateId);
  const range = { from, to, interval: query.interval };
  const rows = await loadFunnelRows(context, query.affiliateId, range);
  const linkIds = rows.filter((row) => row.groupedBy === 'link' && row.key !== '').map((row) => row.key);
  const links = await context.db.query<{ id: string; code: string; tag: string | null }>(
    'SELECT id, code, tag FROM links WHERE affiliate_id = $1 AND id = ANY($2::text[])',
    [query.affiliateId, linkIds],
  );
  const labels = new Map<string, LinkLabel>(
    links.map((link) => [link.id, { code: link.code, tag: link.tag }]),
  );
  return buildFunnelReport(rows, range, labels);
}

/**
 * One affiliate's sums in the range, in one statement: per bucket from the per-day totals, per link
 * and per tag from the monthly rollups for whole months and the daily rollups for the days of a
 * partial first or last month. A year reads about 365 + 12 × links rows, not 365 × links.
 */
async function loadFunnelRows(
  context: Context,
  affiliateId: string,
  range: { from: string; to: string; interval: FunnelInterval },
): Promise<FunnelRow[]> {
  const parts = funnelRangeParts(range);
  const [head, tail] = parts.days;
  const rows = await context.db.query<{
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
