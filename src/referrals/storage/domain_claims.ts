import type { Queryable } from '../../platform/db/database.js';

/** The `domain_claims` table: an agency's permanent claim on a client's company domain. */

export interface DomainClaimRow {
  domain: string;
  affiliateId: string;
  createdAt: Date;
}

interface StoredClaim {
  domain: string;
  affiliate_id: string;
  created_at: Date;
}

function toClaim(row: StoredClaim): DomainClaimRow {
  return { domain: row.domain, affiliateId: row.affiliate_id, createdAt: row.created_at };
}

/** Inserts a claim; false when the domain is already claimed (by anyone). */
export async function insertDomainClaim(db: Queryable, claim: DomainClaimRow): Promise<boolean> {
  const inserted = await db.query(
    `INSERT INTO domain_claims (domain, affiliate_id, created_at) VALUES ($1, $2, $3)
     ON CONFLICT (domain) DO NOTHING RETURNING domain`,
    [claim.domain, claim.affiliateId, claim.createdAt],
  );
  return inserted.length === 1;
}

export async function loadDomainClaim(db: Queryable, domain: string): Promise<DomainClaimRow | null> {
  const rows = await db.query<StoredClaim>(
    'SELECT domain, affiliate_id, created_at FROM domain_claims WHERE domain = $1',
    [domain],
  );
  return rows[0] ? toClaim(rows[0]) : null;
}

/** Claims oldest first, of one agency (or of all when `affiliateId` is null), at most `limit`. */
export async function loadDomainClaims(
  db: Queryable,
  filter: { affiliateId: string | null; limit: number },
): Promise<DomainClaimRow[]> {
  const rows = await db.query<StoredClaim>(
    `SELECT domain, affiliate_id, created_at FROM domain_claims
      WHERE $1::text IS NULL OR affiliate_id = $1
      ORDER BY created_at, domain LIMIT $2`,
    [filter.affiliateId, filter.limit],
  );
  return rows.map(toClaim);
}

/** The claim, its row locked until the transaction ends; null when the domain is not claimed. */
export async function lockDomainClaim(tx: Queryable, domain: string): Promise<DomainClaimRow | null> {
  const rows = await tx.query<StoredClaim>(
    'SELECT domain, affiliate_id, created_at FROM domain_claims WHERE domain = $1 FOR UPDATE',
    [domain],
  );
  return rows[0] ? toClaim(rows[0]) : null;
}

/** Gives a claimed domain to another agency (a resolved dispute); signups from then on follow it. */
export async function moveDomainClaim(
  tx: Queryable,
  move: { domain: string; toAffiliateId: string; at: Date },
): Promise<void> {
  await tx.query('UPDATE domain_claims SET affiliate_id = $2, created_at = $3 WHERE domain = $1', [
    move.domain,
    move.toAffiliateId,
    move.at,
  ]);
}
