import type { Context } from '../app/context.js';
import { loadAffiliateKind } from '../partners/storage/affiliates.js';
import { AppError } from '../platform/rules/errors.js';
import { judgeClaimDomain } from './rules/domain_claims.js';
import { insertDomainClaim, loadDomainClaim } from './storage/domain_claims.js';

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
  const kind = await loadAffiliateKind(context.db, input.affiliateId);
  if (kind === null) {
    throw new AppError('not_found', `affiliate ${input.affiliateId} does not exist`, { path: 'affiliateId' });
  }
  if (kind !== 'agency') {
    throw new AppError('validation_failed', `affiliate ${input.affiliateId} is not an agency`, {
      path: 'affiliateId',
    });
  }
  const claim = { domain: input.domain, affiliateId: input.affiliateId, createdAt: context.clock.now() };
  if (await insertDomainClaim(context.db, claim)) {
    return { claim: { ...claim, createdAt: claim.createdAt.toISOString() }, created: true };
  }
  const existing = (await loadDomainClaim(context.db, input.domain))!;
  if (existing.affiliateId !== input.affiliateId) {
    throw new AppError('conflict', `${input.domain} is already claimed by another agency`, {
      path: 'domain',
    });
  }
  return { claim: { ...existing, createdAt: existing.createdAt.toISOString() }, created: false };
}
