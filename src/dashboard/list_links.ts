import type { Context } from '../app/context.js';
import { affiliateExists } from '../partners/storage/affiliates.js';
import { notFound } from '../platform/rules/errors.js';
import { linkUrl } from '../tracking/create_link.js';
import { sumCountedClicksPerLink } from '../tracking/storage/click_daily_rollups.js';
import { selectAffiliateLinksPage } from '../tracking/storage/links.js';
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
  if (!(await affiliateExists(context.db, input.affiliateId))) throw notFound('affiliate', input.affiliateId);
  const after = input.cursor === undefined ? null : decodeCursor(input.cursor);
  const rows = await selectAffiliateLinksPage(context.db, {
    affiliateId: input.affiliateId,
    tag: input.tag ?? null,
    after,
    linksMax: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  const clicksOf = await sumCountedClicksPerLink(
    context.db,
    input.affiliateId,
    page.map((row) => row.id),
  );
  const last = page[page.length - 1];
  return {
    links: page.map((row) => ({
      id: row.id,
      code: row.code,
      url: linkUrl(context, row.code, row.tag),
      destination: row.destination,
      tag: row.tag,
      createdAt: row.createdAt.toISOString(),
      disabled: row.disabledAt !== null,
      clicks: clicksOf.get(row.id) ?? 0,
    })),
    nextCursor: rows.length > input.limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null,
  };
}
