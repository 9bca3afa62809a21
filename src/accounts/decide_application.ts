import type { Context } from '../app/context.js';
import { AppError } from '../platform/rules/errors.js';
import type { Mailer } from './mailer.js';
import { sendSignInLink } from './request_sign_in_link.js';
import {
  type AffiliateStatus,
  lockAffiliateStatus,
  setAffiliateStatus,
} from './storage/applications_store.js';
import { findUserOfAffiliate } from './storage/users_store.js';

export type ApplicationDecision = 'approve' | 'reject';

const targetStatus: Record<ApplicationDecision, AffiliateStatus> = { approve: 'active', reject: 'rejected' };

export interface DecisionResult {
  status: AffiliateStatus;
  /** True only when this call approved the application and the sign-in link went out. */
  signInLinkSent: boolean;
}

/**
 * Approves or rejects a pending application. Repeating the same decision changes nothing; any
 * other change of a decided affiliate is a conflict. Approval sends the applicant a sign-in link;
 * a mail failure leaves the approval in place (the applicant can ask for a new link).
 */
export async function decideApplication(
  context: Context,
  mailer: Mailer,
  affiliateId: string,
  decision: ApplicationDecision,
): Promise<DecisionResult> {
  const target = targetStatus[decision];
  const now = context.clock.now();
  const changed = await context.db.transaction(async (tx) => {
    const status = await lockAffiliateStatus(tx, affiliateId);
    if (status === null) throw new AppError('not_found', `affiliate ${affiliateId} does not exist`);
    if (status === target) return false;
    if (status !== 'pending') {
      throw new AppError('conflict', `affiliate ${affiliateId} is ${status}, not a pending application`, {
        details: { status },
      });
    }
    await setAffiliateStatus(tx, affiliateId, target, now);
    return true;
  });
  if (!changed || decision !== 'approve') return { status: target, signInLinkSent: false };
  const user = await findUserOfAffiliate(context.db, affiliateId);
  if (!user) return { status: target, signInLinkSent: false };
  try {
    await sendSignInLink(context, mailer, user, 'approved');
    return { status: target, signInLinkSent: true };
  } catch (error) {
    context.logger.error({ err: error, affiliateId }, 'approval sign-in link could not be sent');
    return { status: target, signInLinkSent: false };
  }
}
