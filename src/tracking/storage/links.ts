import type { Queryable } from '../../platform/db/database.js';

export interface NewLinkRow {
  id: string;
  code: string;
  affiliateId: string;
  destination: string;
  tag: string | null;
  createdAt: Date;
}

/** A link as stored. */
export interface LinkRow extends NewLinkRow {
  disabledAt: Date | null;
}

/** Link id → its code and tag, for labelling. */
export interface LinkLabelRow {
  id: string;
  code: string;
  tag: string | null;
}

type StoredLinkRow = {
  id: string;
  code: string;
  affiliate_id: string;
  destination: string;
  tag: string | null;
  created_at: Date;
  disabled_at: Date | null;
};

const linkColumns = 'id, code, affiliate_id, destination, tag, created_at, disabled_at';

function linkOf(row: StoredLinkRow): LinkRow {
  return {
    id: row.id,
    code: row.code,
    affiliateId: row.affiliate_id,
    destination: row.destination,
    tag: row.tag,
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
  };
}

/** Inserts the link unless its code is taken; returns whether it was inserted. */
export async function insertLinkUnlessCodeTaken(db: Queryable, link: NewLinkRow): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO links (id, code, affiliate_id, destination, tag, created_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code) DO NOTHING RETURNING id`,
    [link.id, link.code, link.affiliateId, link.destination, link.tag, link.createdAt],
  );
  return rows.length > 0;
}

export async function selectLinkByCode(db: Queryable, code: string): Promise<LinkRow | null> {
  const rows = await db.query<StoredLinkRow>(`SELECT ${linkColumns} FROM links WHERE code = $1`, [code]);
  const row = rows[0];
  return row ? linkOf(row) : null;
}

/** The affiliate's links among `linkIds`, with their codes and tags. */
export async function selectLinkLabels(
  db: Queryable,
  affiliateId: string,
  linkIds: readonly string[],
): Promise<LinkLabelRow[]> {
  return db.query<LinkLabelRow>(
    'SELECT id, code, tag FROM links WHERE affiliate_id = $1 AND id = ANY($2::text[])',
    [affiliateId, linkIds],
  );
}

/**
 * One keyset page of the affiliate's links, newest first (created time, then id), optionally only
 * one content tag; `after` is the last link of the previous page.
 */
export async function selectAffiliateLinksPage(
  db: Queryable,
  page: {
    affiliateId: string;
    tag: string | null;
    after: { at: Date; id: string } | null;
    linksMax: number;
  },
): Promise<LinkRow[]> {
  const rows = await db.query<StoredLinkRow>(
    `SELECT ${linkColumns} FROM links
      WHERE affiliate_id = $1 AND ($2::text IS NULL OR tag = $2)
        AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::text))
      ORDER BY created_at DESC, id DESC LIMIT $5`,
    [page.affiliateId, page.tag, page.after?.at ?? null, page.after?.id ?? null, page.linksMax],
  );
  return rows.map(linkOf);
}

/** The affiliate's first link (oldest, then lowest id); null when it has none. */
export async function selectFirstLinkOfAffiliate(
  db: Queryable,
  affiliateId: string,
): Promise<LinkRow | null> {
  const rows = await db.query<StoredLinkRow>(
    `SELECT ${linkColumns} FROM links WHERE affiliate_id = $1 ORDER BY created_at, id LIMIT 1`,
    [affiliateId],
  );
  const row = rows[0];
  return row ? linkOf(row) : null;
}
