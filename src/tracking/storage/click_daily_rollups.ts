import type { Queryable } from '../../platform/db/database.js';

/** Counted clicks per link since each was made, from the daily rollups; links without any are left out. */
export async function sumCountedClicksPerLink(
  db: Queryable,
  affiliateId: string,
  linkIds: readonly string[],
): Promise<Map<string, number>> {
  const rows = await db.query<{ link_id: string; clicks: number }>(
    `SELECT link_id, sum(clicks)::int8 AS clicks FROM click_daily_rollups
      WHERE affiliate_id = $1 AND link_id = ANY($2::text[]) GROUP BY link_id`,
    [affiliateId, linkIds],
  );
  return new Map(rows.map((row) => [row.link_id, row.clicks]));
}
