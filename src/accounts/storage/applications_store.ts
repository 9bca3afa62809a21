import type { Queryable } from '../../platform/db/database.js';

export type AffiliateStatus = 'pending' | 'active' | 'rejected' | 'suspended';

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
