import type { Queryable } from '../../src/platform/db/database.js';

export interface TestClick {
  id: string;
  linkId: string;
  affiliateId: string;
  tag?: string | null;
  visitorHash?: string;
  priorClickId?: string | null;
  counted?: boolean;
  occurredAt: Date;
}

/** Stores a click directly, as the redirect's click buffer would once flushed. */
export async function insertClick(db: Queryable, click: TestClick): Promise<void> {
  await db.query(
    `INSERT INTO clicks (id, link_id, affiliate_id, tag, visitor_hash, prior_click_id, counted, occurred_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      click.id,
      click.linkId,
      click.affiliateId,
      click.tag ?? null,
      click.visitorHash ?? `visitor_${click.id}`,
      click.priorClickId ?? null,
      click.counted ?? true,
      click.occurredAt,
    ],
  );
}
