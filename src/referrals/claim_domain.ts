import type { Context } from '../app/context.js';
import { AppError } from '../platform/rules/errors.js';
import { judgeClaimDomain } from './rules/domain_claims.js';

export interface DomainClaim {
  domain: string;
  affiliateId: string;
  createdAt: string;
}

/**
 * An agency claims a client's company domain: its signups are the agency's, permanently. Claiming
 * the same domain again answers the existing claim (`created: false`); another agency's → conflict.
 */
export async function claimDomain(
  context: Context,
  input: { domain: string; affiliateId: string },
): Promise<{ claim: DomainClaim; created: boolean }> {
  const verdict = judgeClaimDomain(input.domain);
  if (!verdict.ok) throw new AppError('validation_failed', verdict.message, { path: 'domain' });
  const affiliates = await context.db.query<{ kind: string }>('SELECT kind FROM affiliates WHERE id = $1', [
    input.affiliateId,
  ]);
  const affiliate = affiliates[0];
  if (!affiliate) {
    throw new AppError('not_found', `affiliate ${input.affiliateId} does not exist`, { path: 'affiliateId' });
  }
  if (affiliate.kind !== 'agency') {
    throw new AppError('validation_failed', `affiliate ${input.affiliateId} is not an agency`, {
      path: 'affiliateId',
    });
  }
  const createdAt = context.clock.now();
  const inserted = await context.db.query(
    `INSERT INTO domain_claims (domain, affiliate_id, created_at) VALUES ($1, $2, $3)
     ON CONFLICT (domain) DO NOTHING RETURNING domain`,
    [input.domain, input.affiliateId, createdAt],
  );
  if (inserted.length === 1) {
    return {
      claim: { domain: input.domain, affiliateId: input.affiliateId, createdAt: createdAt.toISOString() },
      created: true,
    };
  }
  const [existing] = await context.db.query<{ affiliate_id: string; created_at: Date }>(
    'SELECT affiliate_id, created_at FROM domain_claims WHERE domain = $1',
    [input.domain],
  );
  if (existing!.affiliate_id !== input.affiliateId) {
    throw new AppError('conflict', `${input.domain} is already claimed by another agency`, {
      path: 'domain',
    });
  }
  return {
    claim: {
      domain: input.domain,
      affiliateId: existing!.affiliate_id,
      createdAt: existing!.created_at.toISOString(),
    },
    created: false,
  };
}
