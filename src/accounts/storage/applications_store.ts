import type { Queryable } from '../../platform/db/database.js';

export type AffiliateStatus = 'pending' | 'active' | 'rejected' | 'suspended';

export interface ApplicationRecord {
  id: string;
  email: string;
  name: string;
  kind: 'developer' | 'agency';
  website: string | null;
  status: AffiliateStatus;
  createdAt: Date;
  decidedAt: Date | null;
}

interface ApplicationRow {
  id: string;
  email: string;
  name: string;
  kind: 'developer' | 'agency';
  website: string | null;
  status: AffiliateStatus;
  created_at: Date;
  decided_at: Date | null;
}

export interface ApplicationPageQuery {
  status: AffiliateStatus;
  /** Only affiliates of this kind (agencies, say); every kind when absent. */
  kind?: 'developer' | 'agency' | undefined;
  /** The last row of the previous page (creation time, id), or null for the first page. */
  after: { at: Date; id: string } | null;
  rowsMax: number;
}

/** Affiliates in one status, oldest first, after the keyset `after`. */
export async function listAffiliatesInStatus(
  db: Queryable,
  query: ApplicationPageQuery,
): Promise<ApplicationRecord[]> {
  const rows = await db.query<ApplicationRow>(
    `SELECT id, email, name, kind, website, status, created_at, decided_at FROM affiliates
     WHERE status = $1 AND ($2::timestamptz IS NULL OR (created_at, id) > ($2::timestamptz, $3::text))
       AND ($5::text IS NULL OR kind = $5)
     ORDER BY created_at, id LIMIT $4`,
    [query.status, query.after?.at ?? null, query.after?.id ?? '', query.rowsMax, query.kind ?? null],
  );
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    name: row.name,
    kind: row.kind,
    website: row.website,
    status: row.status,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
  }));
}

export interface ApplicantAffiliate {
  id: string;
  email: string;
  emailDomain: string;
  name: string;
  kind: 'developer' | 'agency';
  website: string | null;
  createdAt: Date;
}

/** Inserts a pending affiliate unless the email is taken; returns whether it was inserted. */
export async function insertPendingAffiliate(tx: Queryable, affiliate: ApplicantAffiliate): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO affiliates (id, email, email_domain, name, kind, status, website, created_at)
     VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7) ON CONFLICT (email) DO NOTHING RETURNING id`,
    [
      affiliate.id,
      affiliate.email,
      affiliate.emailDomain,
      affiliate.name,
      affiliate.kind,
      affiliate.website,
      affiliate.createdAt,
    ],
  );
  return rows.length === 1;
}

export async function lockAffiliateStatus(
  tx: Queryable,
  affiliateId: string,
): Promise<AffiliateStatus | null> {
  const rows = await tx.query<{ status: AffiliateStatus }>(
    'SELECT status FROM affiliates WHERE id = $1 FOR UPDATE',
    [affiliateId],
  );
  return rows[0]?.status ?? null;
}

export async function setAffiliateStatus(
  tx: Queryable,
  affiliateId: string,
  status: AffiliateStatus,
  decidedAt: Date,
): Promise<void> {
  await tx.query('UPDATE affiliates SET status = $2, decided_at = $3 WHERE id = $1', [
    affiliateId,
    status,
    decidedAt,
  ]);
}
