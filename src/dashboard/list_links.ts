import type { Context } from '../app/context.js';
import { notFound } from '../platform/rules/errors.js';
import { linkUrl } from '../tracking/create_link.js';
import { decodeCursor, encodeCursor } from './page_cursor.js';

export interface AffiliateLink {
  id: string;
  code: string;
  url: string;
  destination: string;
  tag: string | null;
  createdAt: string;
  disabled: boolean;
  /** Counted clicks since the link was made (from the daily rollups). */
  clicks: number;
}

/** The affiliate's links, newest first, in keyset pages, optionally only one content tag. */
export async function listAffiliateLinks(
  context: Context,
  input: { affiliateId: string; limit: number; cursor?: string | undefined; tag?: string | undefined },
): Promise<{ links: AffiliateLink[]; nextCursor: string | null }> {
  const found = await context.db.query('SELECT 1 FROM affiliates WHERE id = $1', [input.affiliateId]);
  if (found.length === 0) throw notFound('affiliate', input.affiliateId);
  const after = input.cursor === undefined ? null : decodeCursor(input.cursor);
  const rows = await context.db.query<{
    id: string;
    code: string;
    destination: string;
    tag: string | null;
    created_at: Date;
    disabled_at: Date | null;
  }>(
    `SELECT id, code, destination, tag, created_at, disabled_at FROM links
      WHERE affiliate_id = $1 AND ($2::text IS NULL OR tag = $2)
        AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::text))
      ORDER BY created_at DESC, id DESC LIMIT $5`,
    [input.affiliateId, input.tag ?? null, after?.at ?? null, after?.id ?? null, input.limit + 1],
  );
  const page = rows.slice(0, input.limit);
  const clicks = await context.db.query<{ link_id: string; clicks: number }>(
    `SELECT link_id, sum(clicks)::int8 AS clicks FROM click_daily_rollups
      WHERE affiliate_id = $1 AND link_id = ANY($2::text[]) GROUP BY link_id`,
    [input.affiliateId, page.map((row) => row.id)],
  );
  const clicksOf = new Map(clicks.map((row) => [row.link_id, row.clicks]));
  const last = page[page.length - 1];
  return {
    links: page.map((row) => ({
      id: row.id,
      code: row.code,
      url: linkUrl(context, row.code, row.tag),
      destination: row.destination,
      tag: row.tag,
      createdAt: row.created_at.toISOString(),
      disabled: row.disabled_at !== null,
      clicks: clicksOf.get(row.id) ?? 0,
    })),
    nextCursor: rows.length > input.limit && last ? encodeCursor({ at: last.created_at, id: last.id }) : null,
  };
}
