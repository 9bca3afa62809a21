import type { Queryable } from '../../platform/db/database.js';

/** Whether an affiliate with this id exists. */
export async function affiliateExists(db: Queryable, affiliateId: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM affiliates WHERE id = $1', [affiliateId]);
  return rows.length > 0;
}

/** Whether the program has any affiliate at all (whatever its status). */
export async function anyAffiliateExists(db: Queryable): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM affiliates LIMIT 1');
  return rows.length > 0;
}

/** The affiliate's email; null when no affiliate has this id. */
export async function loadAffiliateEmail(db: Queryable, affiliateId: string): Promise<string | null> {
  const rows = await db.query<{ email: string }>('SELECT email FROM affiliates WHERE id = $1', [affiliateId]);
  return rows[0]?.email ?? null;
}

export type AffiliateKind = 'developer' | 'agency';

/** The affiliate's kind; null when no affiliate has this id. */
export async function loadAffiliateKind(db: Queryable, affiliateId: string): Promise<AffiliateKind | null> {
  const rows = await db.query<{ kind: AffiliateKind }>('SELECT kind FROM affiliates WHERE id = $1', [
    affiliateId,
  ]);
  return rows[0]?.kind ?? null;
}

export type AffiliateStatus = 'pending' | 'active' | 'rejected' | 'suspended';

export interface AffiliateRow {
  id: string;
  email: string;
  name: string;
  kind: AffiliateKind;
  status: AffiliateStatus;
  created_at: Date;
}

/** Inserts an active affiliate; false when the email is taken (nothing is written then). */
export async function insertActiveAffiliateUnlessEmailTaken(
  db: Queryable,
  affiliate: {
    id: string;
    email: string;
    emailDomain: string;
    name: string;
    kind: AffiliateKind;
    createdAt: Date;
  },
): Promise<boolean> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO affiliates (id, email, email_domain, name, kind, status, created_at)
     VALUES ($1, $2, $3, $4, $5, 'active', $6) ON CONFLICT (email) DO NOTHING RETURNING id`,
    [
      affiliate.id,
      affiliate.email,
      affiliate.emailDomain,
      affiliate.name,
      affiliate.kind,
      affiliate.createdAt,
    ],
  );
  return rows.length > 0;
}

/** The affiliate's status; null when no affiliate has this id. */
export async function loadAffiliateStatus(
  db: Queryable,
  affiliateId: string,
): Promise<AffiliateStatus | null> {
  const rows = await db.query<{ status: AffiliateStatus }>('SELECT status FROM affiliates WHERE id = $1', [
    affiliateId,
  ]);
  return rows[0]?.status ?? null;
}

export async function findAffiliate(db: Queryable, affiliateId: string): Promise<AffiliateRow | null> {
  const rows = await db.query<AffiliateRow>(
    'SELECT id, email, name, kind, status, created_at FROM affiliates WHERE id = $1',
    [affiliateId],
  );
  return rows[0] ?? null;
}

/**
 * Locks an affiliate's row until the transaction ends (the ledger's lock on that affiliate's money).
 * `FOR NO KEY UPDATE` leaves foreign-key checks on the row free. False when it does not exist.
 */
export async function lockAffiliateRow(tx: Queryable, affiliateId: string): Promise<boolean> {
  const rows = await tx.query('SELECT 1 FROM affiliates WHERE id = $1 FOR NO KEY UPDATE', [affiliateId]);
  return rows.length > 0;
}

/** Locks several affiliates' rows in id order; returns the ids that exist. */
export async function lockAffiliateRowsInIdOrder(
  tx: Queryable,
  affiliateIds: readonly string[],
): Promise<string[]> {
  const rows = await tx.query<{ id: string }>(
    'SELECT id FROM affiliates WHERE id = ANY($1::text[]) ORDER BY id FOR NO KEY UPDATE',
    [[...new Set(affiliateIds)].sort()],
  );
  return rows.map((row) => row.id);
}

/** Those of `emailDomains` an active agency signs up with (its own teams are internal). */
export async function loadActiveAgencyEmailDomains(
  db: Queryable,
  emailDomains: readonly string[],
): Promise<Set<string>> {
  if (emailDomains.length === 0) return new Set();
  const rows = await db.query<{ email_domain: string }>(
    `SELECT DISTINCT email_domain FROM affiliates
      WHERE email_domain = ANY ($1::text[]) AND kind = 'agency' AND status = 'active'`,
    [[...new Set(emailDomains)]],
  );
  return new Set(rows.map((row) => row.email_domain));
}

/** When the first affiliate (of any status) was created; null before any. */
export async function firstAffiliateCreatedAt(db: Queryable): Promise<Date | null> {
  const [row] = await db.query<{ first: Date | null }>('SELECT min(created_at) AS first FROM affiliates');
  return row?.first ?? null;
}

/** Approved affiliates (active or suspended; not pending applications) created in [from, to). */
export async function loadApprovedAffiliatesCreatedBetween(
  db: Queryable,
  range: { from: Date; to: Date },
): Promise<{ email: string; createdAt: Date }[]> {
  const rows = await db.query<{ email: string; created_at: Date }>(
    `SELECT email, created_at FROM affiliates
      WHERE created_at >= $1 AND created_at < $2 AND status IN ('active', 'suspended')
      ORDER BY created_at, id`,
    [range.from, range.to],
  );
  return rows.map((row) => ({ email: row.email, createdAt: row.created_at }));
}
