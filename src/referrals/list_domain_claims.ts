import type { Context } from '../app/context.js';
import type { DomainClaim } from './claim_domain.js';
import { loadDomainClaims } from './storage/domain_claims.js';

export const domainClaimsListMax = 1_000;

/** Claims oldest first, of one agency or of all; at most `limit` (≤ 1,000). */
export async function listDomainClaims(
  context: Context,
  input: { affiliateId?: string | undefined; limit: number },
): Promise<DomainClaim[]> {
  const claims = await loadDomainClaims(context.db, {
    affiliateId: input.affiliateId ?? null,
    limit: Math.min(input.limit, domainClaimsListMax),
  });
  return claims.map((claim) => ({ ...claim, createdAt: claim.createdAt.toISOString() }));
}
