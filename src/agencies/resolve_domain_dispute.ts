import type { Context } from '../app/context.js';
import { findAffiliate } from '../partners/storage/affiliates.js';
import { AppError } from '../platform/rules/errors.js';
import { insertDomainClaim, lockDomainClaim, moveDomainClaim } from '../referrals/storage/domain_claims.js';
import { closeFraudFlag, lockFraudFlag } from '../referrals/storage/fraud_flags.js';

export interface DisputeResolution {
  flagId: string;
  domain: string;
  award: string;
  status: 'confirmed' | 'dismissed';
  moved: boolean;
  resolvedAt: string;
  resolvedBy: string;
}

/**
 * A program manager decides a `domain_dispute`: the domain goes to the claimant (the claim moves,
 * the flag is `confirmed`) or stays with its holder (`dismissed`). Signups from then on follow the
 * claim; teams already attributed keep their attribution (a team is attributed once). Deciding
 * the same again answers the decision; deciding otherwise after it is a conflict.
 */
export async function resolveDomainDispute(
  context: Context,
  input: { flagId: string; award: string; resolvedBy: string },
): Promise<DisputeResolution> {
  const now = context.clock.now();
  return context.db.transaction(async (tx) => {
    const flag = await lockFraudFlag(tx, input.flagId);
    if (flag?.kind !== 'domain_dispute') {
      throw new AppError('not_found', `domain dispute ${input.flagId} does not exist`);
    }
    const domain = String(flag.details.domain);
    if (flag.status !== 'open') {
      const decided = flag.resolution as Partial<DisputeResolution> | null;
      if (decided?.award !== input.award) {
        throw new AppError('conflict', `dispute ${flag.id} was already decided for ${decided?.award}`, {
          details: { status: flag.status, award: decided?.award ?? null },
        });
      }
      return decided as DisputeResolution;
    }
    const claimantId = flag.affiliateId!;
    const held = await lockDomainClaim(tx, domain);
    const holderId = held?.affiliateId ?? null;
    if (input.award !== claimantId && input.award !== holderId) {
      throw new AppError(
        'validation_failed',
        'award must be the claimant or the agency that holds the domain',
        {
          path: 'award',
          details: { claimantId, holderId },
        },
      );
    }
    const awarded = await findAffiliate(tx, input.award);
    if (awarded?.kind !== 'agency' || awarded.status !== 'active') {
      throw new AppError('conflict', `agency ${input.award} is not an active agency`, { path: 'award' });
    }
    const moved = input.award !== holderId;
    if (moved && held) await moveDomainClaim(tx, { domain, toAffiliateId: input.award, at: now });
    if (moved && !held) await insertDomainClaim(tx, { domain, affiliateId: input.award, createdAt: now });
    const resolution: DisputeResolution = {
      flagId: flag.id,
      domain,
      award: input.award,
      status: input.award === claimantId ? 'confirmed' : 'dismissed',
      moved,
      resolvedAt: now.toISOString(),
      resolvedBy: input.resolvedBy,
    };
    await closeFraudFlag(tx, {
      id: flag.id,
      status: resolution.status,
      resolvedAt: now,
      resolvedBy: input.resolvedBy,
      resolution: { ...resolution, previousHolder: holderId },
    });
    return resolution;
  });
}
