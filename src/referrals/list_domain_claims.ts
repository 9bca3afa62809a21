import type { Context } from '../app/context.js';
import type { DomainClaim } from './claim_domain.js';

export const domainClaimsListMax = 1_000;

/** Claims oldest first, of one agency or of all; at most `limit` (≤ 1,000). */
export async function listDomainClaims(
  context: Context,
  input: { affiliateId?: string | undefined; limit: number },
): Promise<DomainClaim[]> {
  const rows = await context.db.query<{ domain: string; affiliate_id: string; created_at: Date }>(
    `SELECT domain, affiliate_id, created_at FROM domain_claims
      WHERE $1::text IS NULL OR affiliate_id = $1
      ORDER BY created_at, domain LIMIT $2`,
    [input.affiliateId ?? null, Math.min(input.limit, domainClaimsListMax)],
  );
  return rows.map((row) => ({
    domain: row.domain,
    affiliateId: row.affiliate_id,
    createdAt: row.created_at.toISOString(),
  }));
}
